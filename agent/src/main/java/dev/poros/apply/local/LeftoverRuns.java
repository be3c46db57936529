package dev.poros.apply.local;

import dev.poros.model.ProcessStamp;
import dev.poros.store.RunStore;
import java.time.Duration;

/**
 * Settles, at a start, the workflow runs a stopped agent left unfinished: they are recorded as
 * interrupted, the node processes they left running are stopped (a killed agent cannot stop its
 * children, and a run started again must not race its predecessor), then their secret files are
 * removed.
 */
public record LeftoverRuns(RunStore runs, RunFolders folders, Duration grace) {
  /** Returns how many runs it settled. */
  public int settle() {
    RunStore.Abandoned abandoned = runs.markAbandoned();
    for (ProcessStamp process : abandoned.processes()) {
      process.running().ifPresent(h -> JobProcess.stopTree(h, grace));
    }
    folders.forgetSecretsOf(abandoned.runs());
    return abandoned.runs().size();
  }
}
