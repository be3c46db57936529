package dev.poros.policy;

import dev.poros.model.ResourceKey;
import java.util.Map;

/**
 * Clean verdicts remembered beyond this process: per resource, the digest of what the verdicts of
 * its matching policies depended on, when none of them found anything. A new process trusts an
 * unchanged digest instead of evaluating those policies again (or loading CEL for them).
 */
public interface ClearedVerdicts {
  /** Nothing remembered, nothing kept: offline checks and fixtures. */
  ClearedVerdicts NONE =
      new ClearedVerdicts() {
        @Override
        public String digest(ResourceKey key) {
          return null;
        }

        @Override
        public void record(Map<ResourceKey, String> digests) {}
      };

  /** The digest of {@code key}'s last clean verdicts, or null. Called from several threads. */
  String digest(ResourceKey key);

  /** Remembers {@code digests} as clean verdicts, replacing what each resource had. */
  void record(Map<ResourceKey, String> digests);
}
