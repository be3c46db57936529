package dev.poros.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.apply.local.WorkflowRunner;
import dev.poros.model.ResourceKey;
import dev.poros.model.Runtime;
import dev.poros.store.RunRecord;
import dev.poros.store.RunStore;
import dev.poros.store.Stores;
import dev.poros.testing.AgentProcess;
import dev.poros.testing.Poros;
import dev.poros.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot workflow run cut short by a killed agent: the next start records it as interrupted,
 * stops the node process the killed agent could not, removes the secret files the node was given,
 * and runs the workflow again — once: a re-run cut short too is not run a third time.
 */
class InterruptedRunIT {
  static final String KEY = "workflow:v1:held:public";

  @TempDir Path tmp;

  @Test
  void aRunCutByAKillIsInterruptedItsLeftoversRemovedAndItRunsAgainOnce() throws IOException {
    Path hold = Files.createFile(tmp.resolve("HOLD"));
    Path pidFile = tmp.resolve("pid");
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      repo.copy("spine/db-creds.yaml", "db-creds.yaml")
          .write(
              "hold-stack.yaml",
              "name: hold-v1\nversion: v1alpha\ntype: stack\nstack:\n  name: hold\n"
                  + "  version: '1.0'\n  secretProjection: {type: propFile}\n  command: [sh]\n"
                  + "  arguments: [-c, 'echo $$ > "
                  + pidFile
                  + "; while [ -f "
                  + hold
                  + " ]; do sleep 0.1; done']\n")
          .write(
              "held.yaml",
              "name: held\nversion: v1\ntype: workflow\nworkflow:\n  dag:\n"
                  + "    - name: wait\n      spec:\n        stack: hold:1.0\n"
                  + "        secrets: [db-creds]\n")
          .commit("a workflow that waits while HOLD is there");

      // 1. the run starts, its node holds a secret file; the agent is killed
      long first;
      long firstNode;
      try (AgentProcess agent = start(repo, "first.log")) {
        RunRecord run = awaitRuns(1).get(0);
        first = run.id();
        firstNode = awaitNodeProcess(pidFile);
        awaitRecorded(first);
        assertThat(secretFile(first)).exists();
        agent.kill();
      }
      assertThat(ProcessHandle.of(firstNode).map(ProcessHandle::isAlive))
          .as("a killed agent cannot stop its node's process")
          .contains(true);
      assertThat(run(first).state()).isEqualTo("running");

      // 2. the next start settles the run and runs the workflow again
      Files.delete(pidFile);
      long rerunNode;
      try (AgentProcess agent = start(repo, "second.log")) {
        List<RunRecord> runs = awaitRuns(2);
        assertThat(runs.get(0).trigger()).isEqualTo(WorkflowRunner.RERUN);
        assertThat(run(first).state()).isEqualTo(RunStore.INTERRUPTED);
        assertThat(run(first).message()).isEqualTo("the agent stopped during this run");
        await("the process the killed agent left is stopped")
            .atMost(Duration.ofSeconds(20))
            .until(() -> ProcessHandle.of(firstNode).map(h -> !h.isAlive()).orElse(true));
        assertThat(secretFile(first).getParent()).as("its secret files removed").doesNotExist();
        rerunNode = awaitNodeProcess(pidFile);
        assertThat(rerunNode).isNotEqualTo(firstNode);
        awaitRecorded(runs.get(0).id());
        agent.kill();
      }

      // 3. the re-run was cut short too: interrupted, stopped, not run a third time
      try (AgentProcess agent = start(repo, "third.log")) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> agent.get("/readyz").statusCode() == 200);
        List<RunRecord> runs = read(s -> s.runs().runs(KEY, 10));
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).state()).isEqualTo(RunStore.INTERRUPTED);
        Runtime runtime =
            read(s -> s.resources().get(new ResourceKey(KEY)).orElseThrow().runtime());
        assertThat(runtime).isEqualTo(Runtime.INTERRUPTED);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> ProcessHandle.of(rerunNode).map(h -> !h.isAlive()).orElse(true));
        agent.terminate();
      }
    } finally {
      Files.deleteIfExists(hold);
    }
  }

  AgentProcess start(TestRepo repo, String log) {
    return AgentProcess.start(
        tmp.resolve("data"), tmp.resolve(log), "--repo", repo.dir().toString(), "--interval", "1h");
  }

  /** The workflow's runs, newest first, once there are {@code count} and the newest runs. */
  List<RunRecord> awaitRuns(int count) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> read(s -> s.runs().runs(KEY, 10)),
            runs -> runs.size() == count && runs.get(0).state().equals("running"));
  }

  long awaitNodeProcess(Path pidFile) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Files.exists(pidFile) && !Files.readString(pidFile).isBlank()
                    ? Long.parseLong(Files.readString(pidFile).strip())
                    : null,
            pid -> pid != null);
  }

  private <T> T read(Function<Stores, T> query) {
    return new Poros(tmp.resolve("data")).read(query);
  }

  /**
   * Waits until the agent recorded the process of the run's node: the node's shell writes its pid
   * before the agent records it, and a kill in between leaves a process no later agent can know of
   * (CI saw that window once, under load).
   */
  void awaitRecorded(long runId) {
    await("the agent recorded its node's process")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                read(
                    s ->
                        s.db()
                            .read(
                                c -> {
                                  try (var query =
                                      c.prepareStatement(
                                          "SELECT count(*) FROM node_run"
                                              + " WHERE run_id = ? AND pid IS NOT NULL")) {
                                    query.setLong(1, runId);
                                    try (var rows = query.executeQuery()) {
                                      return rows.next() && rows.getInt(1) > 0;
                                    }
                                  }
                                })));
  }

  RunRecord run(long id) {
    return read(s -> s.runs().run(id).orElseThrow());
  }

  Path secretFile(long runId) {
    return tmp.resolve("data/runs/held/" + runId + "/wait/secret/db-creds.properties");
  }
}
