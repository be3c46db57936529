package dev.poros.apply.local;

import dev.poros.model.DaemonThreads;
import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
import dev.poros.render.RenderedJob;
import dev.poros.render.StackRenderer;
import dev.poros.store.RunRecord;
import dev.poros.store.RunStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Starts workflow runs on this machine and keeps track of them: each run renders the workflow's
 * jobs through their stacks (secrets revealed to the processes, masked in their logs), records
 * itself and its nodes in the Poros DB, and writes each node's output to {@code
 * <data-dir>/logs/<workflow>/<run>/<node>.log}.
 */
public final class WorkflowRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowRunner.class);

  /** The trigger of a run started again because the one before was interrupted. */
  public static final String RERUN = "rerun";

  private final RunStore runs;
  private final Path dataDir;
  private final RunSettings settings;
  private final StackRenderer renderer;
  private final ExecutorService pool =
      Executors.newCachedThreadPool(DaemonThreads.named("workflow-run"));
  private final Map<Long, Going> active = new ConcurrentHashMap<>();

  private final List<Long> started = Collections.synchronizedList(new ArrayList<>());

  /**
   * A run going on: its outcome, its workflow's key, and its end — its thread done, also when the
   * run was stopped (its future ends at once, its thread still stops its processes).
   */
  private record Going(Future<String> outcome, String workflow, CountDownLatch end) {}

  private final Launchers launchers;

  /** Makes the launcher of one run, given the workflow and what it needs (its secrets...). */
  @FunctionalInterface
  public interface Launchers {
    NodeLauncher forRun(Resource workflow, List<Resource> needed);
  }

  /** Runs workflows as processes on this machine. */
  public WorkflowRunner(RunStore runs, Path dataDir, RunSettings settings, StackRenderer renderer) {
    this(
        runs,
        dataDir,
        settings,
        (workflow, needed) -> new ProcessLauncher(Redactor.of(needed), settings),
        renderer);
  }

  /** Runs workflows' nodes through the launchers {@code launchers} makes. */
  public WorkflowRunner(
      RunStore runs,
      Path dataDir,
      RunSettings settings,
      Launchers launchers,
      StackRenderer renderer) {
    this.renderer = renderer;
    this.runs = runs;
    this.dataDir = dataDir;
    this.settings = settings;
    this.launchers = launchers;
  }

  /** Whether {@code resourceKey}'s schedule is held ({@code poros runtime pause}). */
  public boolean paused(String resourceKey) {
    return runs.paused(resourceKey);
  }

  /**
   * Starts a run of {@code workflow}; returns its id. {@code needed}: its stacks, secrets, depots.
   */
  public long start(Resource workflow, List<Resource> needed, String trigger) {
    if (workflow.type() != ResourceType.WORKFLOW) {
      throw new IllegalArgumentException(workflow.key().id() + " is not a workflow");
    }
    List<RenderedJob> jobs = renderer.render(workflow, needed, true);
    List<DagNode> nodes = nodes(workflow, jobs);
    long runId = runs.start(workflow.key().id(), workflow.hash(), trigger, nodes.size());
    RunFolders folders = new RunFolders(dataDir);
    Path logs = folders.logs(workflow.name(), runId);
    Path work = folders.work(workflow.name(), runId);
    DagRun run =
        new DagRun(
            runId,
            workflow.key().id(),
            workflow.name(),
            nodes,
            runs,
            logs,
            work,
            launchers.forRun(workflow, needed),
            settings);
    FutureTask<String> task = new FutureTask<>(run);
    CountDownLatch end = new CountDownLatch(1);
    active.put(runId, new Going(task, workflow.key().id(), end)); // before it can remove itself
    started.add(runId);
    pool.execute(
        () -> {
          try {
            task.run(); // (returns at once when the run was stopped before it began)
          } finally {
            active.remove(runId);
            end.countDown();
          }
        });
    LOG.info(
        "run id={} workflow={} trigger={} nodes={}",
        runId,
        workflow.key().id(),
        trigger,
        nodes.size());
    return runId;
  }

  private static List<DagNode> nodes(Resource workflow, List<RenderedJob> jobs) {
    JsonNode dag = workflow.manifest().at("/workflow/dag");
    List<DagNode> nodes = new ArrayList<>();
    for (int i = 0; i < dag.size(); i++) {
      JsonNode node = dag.get(i);
      JsonNode spec = node.path("spec");
      List<String> dependencies =
          node.path("dependencies").valueStream().map(JsonNode::asString).toList();
      int retries = spec.path("retries").asInt(node.at("/retry/count").asInt(0));
      nodes.add(
          new DagNode(
              node.path("name").asString(),
              dependencies,
              jobs.get(i),
              Durations.parse(spec.path("timeout").asString(null)),
              retries,
              spec.path("workingDir").isString() ? spec.get("workingDir").asString() : null));
    }
    return nodes;
  }

  /**
   * Starts again a one-shot workflow whose last run of its current spec the agent's stopping cut
   * short — once: a re-run cut short too is not started a third time. Returns whether it started.
   */
  public boolean rerunIfInterrupted(Resource workflow, List<Resource> needed) {
    List<RunRecord> last = runs.runs(workflow.key().id(), 1);
    if (last.isEmpty()) {
      return false;
    }
    RunRecord run = last.get(0);
    if (!run.state().equals(RunStore.INTERRUPTED)
        || !run.specHash().equals(workflow.hash())
        || run.trigger().equals(RERUN)) {
      return false;
    }
    LOG.info("run id={} of {} was interrupted: running it again", run.id(), workflow.key().id());
    start(workflow, needed, RERUN);
    return true;
  }

  /**
   * Waits until run {@code runId} ends — a stopped run too, until its processes are stopped and its
   * end recorded; returns its state.
   */
  public String await(long runId) throws InterruptedException {
    Going run = active.get(runId);
    if (run == null) {
      return runs.run(runId).map(r -> r.state()).orElse("unknown");
    }
    try {
      return run.outcome().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("run " + runId + " failed to run", e.getCause());
    } catch (CancellationException e) {
      // a stopped run's future ends as it is stopped; its thread still stops its processes
      run.end().await();
      return "failed";
    }
  }

  /** Whether a run of the workflow {@code key} is going on. */
  public boolean running(String key) {
    return active.values().stream().anyMatch(run -> run.workflow().equals(key));
  }

  /**
   * Stops the runs of the workflow {@code key} (their processes too); they are recorded as failed.
   */
  public void stop(String key) {
    active.values().stream()
        .filter(run -> run.workflow().equals(key))
        .forEach(run -> run.outcome().cancel(true));
  }

  /** The runs this runner started, oldest first. */
  public List<Long> started() {
    return List.copyOf(started);
  }

  /** Waits for every run started so far. */
  public void awaitAll() throws InterruptedException {
    for (Long id : List.copyOf(active.keySet())) {
      await(id);
    }
  }

  /**
   * Stops: running processes are stopped and their runs recorded as interrupted (started again at
   * the next start) before this returns — the Poros DB closes after it, so a run that recorded its
   * end later would leave it to the next start to guess.
   */
  @Override
  public void close() {
    pool.shutdownNow();
    try {
      // each run waits for its nodes (DagRun.awaitNodes), then records its end
      long runsEnd = settings.stoppedWithin().plusSeconds(5).toMillis();
      if (!pool.awaitTermination(runsEnd, TimeUnit.MILLISECONDS)) {
        LOG.warn("runs {} did not end in time: the next start settles them", active.keySet());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
