package dev.poros.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poros.store.NodeRunRecord;
import dev.poros.store.RunRecord;
import dev.poros.store.RunStore;
import dev.poros.testing.AgentProcess;
import dev.poros.testing.Cli;
import dev.poros.testing.Poros;
import dev.poros.testing.RepoFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code poros runtime} as DataOS users type it (issue 17): {@code pause} holds a cron workflow's
 * schedule across an agent restart and {@code resume} releases it; {@code stop} ends a running run
 * as failed (stopped), its killed node not retried; {@code re-run} starts a new run.
 */
class RuntimeCommandsIT {
  static final String TICK = "workflow:v1:tick:public";
  static final String SLOW = "workflow:v1:slow:public";

  @RegisterExtension final RepoFixture fixture = new RepoFixture();

  @Test
  void aPausedScheduleStartsNoRunAcrossAnAgentRestartUntilItIsResumed() throws Exception {
    fixture
        .repo()
        .write(
            "tick.yaml",
            "name: tick\nversion: v1\ntype: workflow\nowner: t\nworkflow:\n  schedule:\n"
                + "    cron: '* * * * * ?'\n  dag:\n    - name: tick\n      spec:\n"
                + "        timeout: 1m\n        command: [sh, -c, echo tick]\n")
        .commit("a workflow every second");
    Poros poros = fixture.poros();
    int held;
    try (AgentProcess agent = start("agent-1.log")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> runs(TICK).size() >= 2);

      Cli.Result pause = poros.run("runtime", "pause", "tick");
      assertThat(pause.exitCode()).as(pause.all()).isZero();
      assertThat(pause.out())
          .contains(TICK + " paused: its schedule starts no run until poros runtime resume");
      awaitNoneRunning();
      held = runs(TICK).size();
      Thread.sleep(3_000); // three firings of the schedule
      assertThat(runs(TICK)).as("no run while paused").hasSize(held);
      agent.terminate();
    }
    try (AgentProcess restarted = start("agent-2.log")) {
      Thread.sleep(3_000);
      assertThat(runs(TICK)).as("no run after the restart either").hasSize(held);
      assertThat(poros.run("get", "-t", "workflow").out()).containsPattern("tick .* paused ");
      assertThat(poros.run("get", "runtime", "tick").out()).startsWith("RUNTIME paused");

      Cli.Result resume = poros.run("runtime", "resume", TICK);
      assertThat(resume.out()).contains(TICK + " resumed");
      int before = runs(TICK).size();
      await().atMost(Duration.ofSeconds(20)).until(() -> runs(TICK).size() > before);
      restarted.terminate();
    }
  }

  @Test
  void stopEndsTheRunningRunAsFailedWithoutRetryingAndReRunStartsANewOne() throws Exception {
    Path pid = fixture.folder().resolve("slow.pid");
    fixture
        .repo()
        .write(
            "slow.yaml",
            "name: slow\nversion: v1\ntype: workflow\nowner: t\nworkflow:\n  dag:\n"
                + "    - name: wait\n      retry: {count: 2}\n      spec:\n        timeout: 10m\n"
                + "        script: 'echo $$ > "
                + pid
                + "; exec sleep 600'\n"
                + "    - name: after\n      dependencies: [wait]\n      spec:\n        timeout: 1m\n"
                + "        command: [sh, -c, echo after]\n")
        .write(
            "quick.yaml",
            "name: quick\nversion: v1\ntype: workflow\nowner: t\nworkflow:\n  dag:\n"
                + "    - name: go\n      spec:\n        timeout: 1m\n        command: [sh, -c, echo go]\n")
        .commit("a slow workflow and a quick one");
    Poros poros = fixture.poros();
    CompletableFuture<Cli.Result> sync =
        CompletableFuture.supplyAsync(() -> poros.sync(fixture.repo()));
    long node =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    Files.exists(pid) && !Files.readString(pid).isBlank()
                        ? Long.parseLong(Files.readString(pid).strip())
                        : null,
                p -> p != null);

    Cli.Result stop = poros.run("runtime", "stop", "slow");

    assertThat(stop.exitCode()).as(stop.all()).isZero();
    long slowRun = runs(SLOW).get(0).id();
    assertThat(stop.out())
        .isEqualTo("run " + slowRun + " of " + SLOW + " failed: " + RunStore.STOPPED + "\n");
    assertThat(ProcessHandle.of(node).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    sync.get();
    RunRecord run = fixture.poros().read(s -> s.runs().run(slowRun).orElseThrow());
    assertThat(run.state()).isEqualTo("failed");
    assertThat(run.message()).isEqualTo(RunStore.STOPPED);
    List<NodeRunRecord> nodes = fixture.poros().read(s -> s.runs().nodes(slowRun));
    assertThat(nodes).filteredOn(n -> n.node().equals("wait")).as("not retried").hasSize(1);
    assertThat(nodes)
        .filteredOn(n -> n.node().equals("after"))
        .singleElement()
        .extracting(NodeRunRecord::state)
        .isEqualTo("skipped");
    assertThat(poros.run("runtime", "stop", "slow").exitCode()).as("nothing runs now").isEqualTo(1);

    Cli.Result rerun = poros.run("runtime", "re-run", "quick");
    assertThat(rerun.exitCode()).as(rerun.all()).isZero();
    assertThat(rerun.out()).containsPattern("^run \\d+ of workflow:v1:quick:public started");
    assertThat(runs("workflow:v1:quick:public")).hasSize(2);
  }

  AgentProcess start(String log) {
    return AgentProcess.start(
        fixture.folder().resolve("data"),
        fixture.folder().resolve(log),
        "--repo",
        fixture.repo().dir().toString(),
        "--interval",
        "1h");
  }

  private void awaitNoneRunning() {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> runs(TICK).stream().noneMatch(r -> r.state().equals("running")));
  }

  private List<RunRecord> runs(String key) {
    return fixture.poros().read(s -> s.runs().runs(key, 1000));
  }
}
