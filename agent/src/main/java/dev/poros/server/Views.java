package dev.poros.server;

import dev.poros.model.RecordedResource;
import dev.poros.store.EventRecord;
import dev.poros.store.NodeRunRecord;
import dev.poros.store.PreviewRecord;
import dev.poros.store.RunRecord;
import dev.poros.store.SyncRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How records look in JSON, for the API and for {@code poros get -o json}: stable field order. */
public final class Views {
  private Views() {}

  public static Map<String, Object> resource(RecordedResource r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.key().id());
    m.put("type", r.type());
    m.put("version", r.version());
    m.put("name", r.name());
    m.put("workspace", r.workspace());
    m.put("layer", r.layer().label());
    m.put("status", r.status().label());
    m.put("runtime", r.runtime() == null ? null : r.runtime().label());
    m.put("health", r.health() == null ? null : r.health().label());
    // Argo CD's word for it: what runs differs from what Git says, until Poros applies it again
    m.put("syncState", r.drifted() ? "OutOfSync" : "Synced");
    m.put("drift", r.drift());
    m.put("hash", r.hash());
    m.put("commit", r.commit());
    m.put("message", r.message());
    m.put("executor", r.executor());
    m.put("file", r.sourceFile());
    m.put("updatedAt", r.updatedAt().toString());
    return m;
  }

  public static Map<String, Object> sync(SyncRecord s, String repository) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("repository", repository);
    m.put("commit", s.commit());
    m.put("branch", s.branch());
    m.put("commitMessage", s.commitMessage());
    m.put("commitAuthor", s.commitAuthor());
    m.put("trigger", s.trigger());
    m.put("startedAt", s.startedAt().toString());
    m.put("finishedAt", s.finishedAt() == null ? null : s.finishedAt().toString());
    m.put("durationMs", s.duration() == null ? null : s.duration().toMillis());
    m.put("outcome", s.outcome());
    m.put("created", s.created());
    m.put("updated", s.updated());
    m.put("deleted", s.deleted());
    m.put("unchanged", s.unchanged());
    m.put("failed", s.failed());
    m.put("filesChanged", s.filesChanged());
    m.put("message", s.message());
    m.put("warnings", s.warnings().shown());
    m.put("warningCount", s.warnings().count());
    m.put("audits", s.audits().shown());
    m.put("auditCount", s.audits().count());
    return m;
  }

  /** A pull request's preview; each change's diff only {@code withChanges} (one preview's page). */
  public static Map<String, Object> preview(PreviewRecord p, boolean withChanges) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("repository", p.repository());
    m.put("number", p.number());
    m.put("state", p.state());
    m.put("headSha", p.headSha());
    m.put("baseBranch", p.baseBranch());
    m.put("verdict", p.verdict());
    m.put("create", p.counts().create());
    m.put("update", p.counts().update());
    m.put("delete", p.counts().delete());
    m.put("unchanged", p.counts().unchanged());
    m.put("invalid", p.counts().invalid());
    m.put("problems", p.problems());
    m.put("warnings", p.warnings());
    m.put("error", p.error());
    m.put("commented", p.commentId() != null);
    m.put("previewedAt", p.previewedAt().toString());
    if (withChanges) {
      m.put(
          "changes",
          p.changes().stream()
              .map(c -> Map.of("id", c.id(), "action", c.action(), "diff", c.diff()))
              .toList());
    }
    return m;
  }

  public static Map<String, Object> run(RunRecord run, List<NodeRunRecord> nodes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", run.id());
    m.put("state", run.state());
    m.put("progress", run.progress());
    m.put("trigger", run.trigger());
    m.put("startedAt", run.startedAt().toString());
    m.put("finishedAt", run.finishedAt() == null ? null : run.finishedAt().toString());
    m.put("message", run.message());
    m.put(
        "nodes",
        nodes.stream()
            .map(
                n -> {
                  Map<String, Object> node = new LinkedHashMap<>();
                  node.put("node", n.node());
                  node.put("attempt", n.attempt());
                  node.put("state", n.state());
                  node.put("exitCode", n.exitCode());
                  node.put("message", n.message());
                  return node;
                })
            .toList());
    return m;
  }

  public static Map<String, Object> event(EventRecord e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sync", e.syncId());
    m.put("action", e.action());
    m.put("message", e.message());
    if (e.diff() != null) {
      m.put("diff", e.diff());
    }
    m.put("at", e.at().toString());
    return m;
  }
}
