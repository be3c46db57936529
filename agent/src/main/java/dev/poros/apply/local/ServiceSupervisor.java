package dev.poros.apply.local;

import dev.poros.model.DaemonThreads;
import dev.poros.model.ProcessStamp;
import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
import dev.poros.render.RenderedJob;
import dev.poros.render.StackRenderer;
import dev.poros.store.ProcessRecord;
import dev.poros.store.ProcessStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Keeps services and workers running on this machine: {@code replicas} processes each, replica
 * {@code i} of a service listening on {@code PORT = servicePort + i}. A changed spec replaces the
 * replicas one at a time; a removed resource has its processes stopped, whole trees. Processes
 * found running from before (same pid, start time and spec) are adopted, not started again.
 */
public final class ServiceSupervisor implements AutoCloseable {
  private final Programs programs;
  private final ProcessStore store;
  private final Path dataDir;
  private final SupervisorSettings settings;
  private final StackRenderer renderer;
  private final Map<String, Supervised> services = new ConcurrentHashMap<>();
  private final ScheduledExecutorService prober =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("health-probes"));

  private record Supervised(Resource resource, List<Replica> replicas, HealthProbe probe) {}

  public ServiceSupervisor(
      ProcessStore store,
      Path dataDir,
      SupervisorSettings settings,
      Programs programs,
      StackRenderer renderer) {
    this.renderer = renderer;
    this.store = store;
    this.programs = programs;
    this.dataDir = dataDir;
    this.settings = settings;
    long every = settings.probeEvery().toMillis();
    prober.scheduleWithFixedDelay(this::probeAll, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Makes {@code runnable}'s replicas run its current spec; {@code needed}: its stack, secrets, ...
   */
  public synchronized void apply(Resource runnable, List<Resource> needed) {
    RenderedJob job = renderer.render(runnable, needed, true).get(0);
    MaskedOutput output = new MaskedOutput(programs, Redactor.of(needed), settings.logCapBytes());
    JsonNode section = runnable.manifest().path(runnable.type().typeName());
    int count = Math.max(0, section.path("replicas").asInt(1));
    String key = runnable.key().id();
    Supervised before = services.get(key);
    Map<Integer, ProcessRecord> recorded = new HashMap<>();
    store.of(key).forEach(p -> recorded.put(p.replica(), p));
    List<Replica> replicas = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Replica old =
          before != null && i < before.replicas().size() ? before.replicas().get(i) : null;
      if (old != null && old.specHash().equals(runnable.hash())) {
        replicas.add(old);
        continue;
      }
      if (old != null) {
        old.stop(); // one replica at a time: the old one goes before its successor starts
      }
      Replica replica = replica(runnable, job, i, section, output);
      ProcessRecord record = recorded.get(i);
      Optional<ProcessHandle> running = record == null ? Optional.empty() : runningProcess(record);
      if (running.isPresent() && record.specHash().equals(runnable.hash()) && old == null) {
        replica.start(running.get(), record.restarts()); // adopted
      } else {
        running.ifPresent(p -> JobProcess.stopTree(p, settings.stopGrace()));
        replica.start(null, 0);
      }
      replicas.add(replica);
    }
    if (before != null) {
      before.replicas().stream().skip(count).forEach(Replica::stop);
    }
    store.forget(key, count);
    services.put(
        key,
        new Supervised(
            runnable,
            replicas,
            new HealthProbe(section.path("healthCheck"), runnable.type() == ResourceType.SERVICE)));
  }

  /** Stops every process of {@code key}, supervised by this agent or left by an earlier one. */
  public synchronized void remove(String key) {
    Supervised gone = services.remove(key);
    if (gone != null) {
      gone.replicas().forEach(Replica::stop);
    }
    store
        .of(key)
        .forEach(
            p -> runningProcess(p).ifPresent(h -> JobProcess.stopTree(h, settings.stopGrace())));
    store.forget(key, 0);
  }

  /**
   * The folder of a runnable's replicas and logs: its workspace, then its type and name — two
   * workers of one name in two workspaces, or a service and a worker of one name, do not share.
   */
  static Path folderOf(Resource runnable) {
    return folderOf(runnable.workspace(), runnable.typeLabel(), runnable.name());
  }

  private static Path folderOf(String workspace, String type, String name) {
    return Path.of(workspace == null ? "_instance" : workspace, type + "-" + name);
  }

  /** Where the replicas of the service or worker {@code type NAME} in {@code workspace} log. */
  public static Path logFolder(Path dataDir, String workspace, String type, String name) {
    return dataDir.resolve("logs").resolve(folderOf(workspace, type, name));
  }

  private Replica replica(
      Resource runnable, RenderedJob job, int index, JsonNode section, MaskedOutput output) {
    JobFolder folder =
        new JobFolder(
            dataDir.resolve("services").resolve(folderOf(runnable)).resolve("replica-" + index));
    JobFolder.Prepared prepared = folder.prepare(job);
    Map<String, String> environment = new HashMap<>(prepared.environment());
    if (section.path("servicePort").isInt()) {
      environment.put("PORT", Integer.toString(section.get("servicePort").asInt() + index));
    }
    Path log =
        logFolder(dataDir, runnable.workspace(), runnable.typeLabel(), runnable.name())
            .resolve("replica-" + index + ".log");
    return new Replica(
        runnable.key().id(),
        index,
        runnable.hash(),
        prepared.command(),
        environment,
        folder.path(),
        log,
        output,
        store,
        settings);
  }

  /** The process a record names, when it still runs: same pid and same start time. */
  private static Optional<ProcessHandle> runningProcess(ProcessRecord record) {
    if (record.pid() == null) {
      return Optional.empty();
    }
    return new ProcessStamp(record.pid(), record.startedAt()).running();
  }

  private void probeAll() {
    services.forEach(
        (key, service) -> {
          try {
            HealthProbe.Verdict verdict = service.probe().judge(service.replicas());
            store.status(key, verdict.runtime(), verdict.health(), verdict.message());
          } catch (RuntimeException e) {
            // a probe that cannot be judged now is judged on the next tick
          }
        });
  }

  /** Stops supervising; the processes keep running, to be adopted by the next agent. */
  @Override
  public synchronized void close() {
    prober.shutdownNow();
    services.values().forEach(s -> s.replicas().forEach(Replica::detach));
    services.clear();
  }
}
