package dev.poros.apply.local;

import dev.poros.model.ProcessStamp;
import dev.poros.store.RunStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One run of a workflow's DAG: a node starts once every node it depends on succeeded, up to {@link
 * RunSettings#parallelism()} at once; a node that fails (after its retries) fails the run, nothing
 * new starts, the running nodes finish, and what never started is skipped.
 */
final class DagRun implements Callable<String> {

  private final long runId;
  private final String resourceKey;
  private final List<DagNode> nodes;
  private final RunStore runs;
  private final Path logs;
  private final Path work;
  private final String workflow;
  private final NodeLauncher launcher;
  private final RunSettings settings;

  DagRun(
      long runId,
      String resourceKey,
      String workflow,
      List<DagNode> nodes,
      RunStore runs,
      Path logs,
      Path work,
      NodeLauncher launcher,
      RunSettings settings) {
    this.runId = runId;
    this.resourceKey = resourceKey;
    this.nodes = List.copyOf(nodes);
    this.runs = runs;
    this.logs = logs;
    this.work = work;
    this.workflow = workflow;
    this.launcher = launcher;
    this.settings = settings;
  }

  /** Node states, in the vocabulary of {@code node_run.state}. */
  private enum State {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    SKIPPED
  }

  private record Finished(String node, boolean succeeded) {}

  @Override
  public String call() throws InterruptedException {
    Map<String, State> states = new LinkedHashMap<>();
    nodes.forEach(n -> states.put(n.name(), State.PENDING));
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.parallelism()));
    CompletionService<Finished> done = new ExecutorCompletionService<>(pool);
    int running = 0;
    boolean failed = false;
    String failure = "";
    try {
      while (true) {
        if (!failed) {
          for (DagNode node : nodes) {
            if (running < settings.parallelism()
                && states.get(node.name()) == State.PENDING
                && node.dependencies().stream().allMatch(d -> states.get(d) == State.SUCCEEDED)) {
              states.put(node.name(), State.RUNNING);
              done.submit(() -> new Finished(node.name(), safely(node)));
              running++;
            }
          }
        }
        if (running == 0) {
          break;
        }
        Finished finished;
        try {
          finished = take(done);
        } catch (InterruptedException stopping) {
          runs.finish(
              runId,
              resourceKey,
              RunStore.INTERRUPTED,
              progress(states),
              "the agent stopped during this run");
          throw stopping;
        }
        running--;
        states.put(finished.node(), finished.succeeded() ? State.SUCCEEDED : State.FAILED);
        if (!finished.succeeded() && !failed) {
          failed = true;
          failure =
              runs.stopRequested(runId) ? RunStore.STOPPED : "node " + finished.node() + " failed";
        }
        runs.progress(runId, resourceKey, progress(states));
      }
    } finally {
      pool.shutdownNow();
      awaitNodes(pool);
    }
    for (Map.Entry<String, State> node : states.entrySet()) {
      if (node.getValue() == State.PENDING) {
        node.setValue(State.SKIPPED);
        runs.node(runId, node.getKey(), 1, "skipped", null, null, "not started: " + failure);
      }
    }
    String state = failed ? "failed" : "succeeded";
    runs.finish(runId, resourceKey, state, progress(states), failure);
    return state;
  }

  /**
   * Waits for the nodes' threads after they were told to stop: each stops its process (within the
   * stop grace) and records its attempt, and the run ends after them — a wait for the run is a wait
   * for everything it writes.
   */
  private void awaitNodes(ExecutorService pool) {
    try {
      pool.awaitTermination(settings.stoppedWithin().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Finished take(CompletionService<Finished> done) throws InterruptedException {
    try {
      return done.take().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a node's runner failed", e.getCause());
    }
  }

  private static String progress(Map<String, State> states) {
    return states.values().stream().filter(s -> s == State.SUCCEEDED).count() + "/" + states.size();
  }

  private boolean safely(DagNode node) throws InterruptedException {
    try {
      return attempts(node);
    } catch (RuntimeException e) {
      runs.node(
          runId, node.name(), 1, "failed", null, null, "poros could not run it: " + e.getMessage());
      return false;
    }
  }

  /** Runs a node, retrying with doubling back-off; whether it succeeded in the end. */
  private boolean attempts(DagNode node) throws InterruptedException {
    Path log = logs.resolve(node.name() + ".log");
    for (int attempt = 1; attempt <= node.retries() + 1; attempt++) {
      if (attempt > 1 && runs.stopRequested(runId)) {
        return false; // stopped: its killed attempt is not tried again
      }
      if (attempt > 1) {
        Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(attempt - 2, 16));
        Thread.sleep(Math.min(backoff.toMillis(), 60_000));
        JobProcess.append(log, "poros: attempt " + attempt + " of " + (node.retries() + 1));
      }
      runs.node(runId, node.name(), attempt, "running", null, log.toString(), "");
      int number = attempt;
      NodeLauncher.Outcome outcome =
          launcher.run(
              new NodeLauncher.Attempt(
                  workflow,
                  runId,
                  node.name(),
                  attempt,
                  node.job().inRun(runId),
                  node.timeout(),
                  work.resolve(node.name()),
                  node.workingDir(),
                  log,
                  process -> runs.nodeProcess(runId, node.name(), number, ProcessStamp.of(process)),
                  () -> runs.stopRequested(runId)));
      runs.node(
          runId,
          node.name(),
          attempt,
          outcome.succeeded() ? "succeeded" : "failed",
          outcome.exitCode(),
          log.toString(),
          outcome.message());
      if (outcome.succeeded()) {
        return true;
      }
      if (Thread.currentThread().isInterrupted()) {
        return false;
      }
    }
    return false;
  }
}
