package dev.poros.cli;

import dev.poros.apply.kubernetes.KubernetesClients;
import dev.poros.apply.kubernetes.KubernetesSettings;
import dev.poros.apply.local.WorkflowRunner;
import dev.poros.apply.local.WorkflowScheduler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The clusters one agent applies to, each connected once — by its kubeconfig and context — with the
 * runner that starts its workflows' Jobs: repositories that name the same cluster share them,
 * repositories that name others get their own.
 */
final class KubernetesClusters implements AutoCloseable {
  /** One cluster: its client, and the runner and schedules of the workflows that run there. */
  record Cluster(
      KubernetesSettings settings,
      KubernetesClient client,
      WorkflowRunner workflows,
      WorkflowScheduler schedules) {}

  private final BiFunction<KubernetesClient, KubernetesSettings, WorkflowRunner> runners;
  private final Function<WorkflowRunner, WorkflowScheduler> schedules;
  private final Map<List<Object>, Cluster> clusters = new LinkedHashMap<>();

  /**
   * {@code runners}: the workflow runner of a newly connected cluster; {@code schedules}: the
   * schedules of a runner's workflows.
   */
  KubernetesClusters(
      BiFunction<KubernetesClient, KubernetesSettings, WorkflowRunner> runners,
      Function<WorkflowRunner, WorkflowScheduler> schedules) {
    this.runners = runners;
    this.schedules = schedules;
  }

  /** The cluster {@code settings} reach, connected on first use. */
  synchronized Cluster of(KubernetesSettings settings) {
    List<Object> identity = identity(settings);
    Cluster known = clusters.get(identity);
    if (known != null) {
      return known;
    }
    KubernetesClient client;
    try {
      client = KubernetesClients.connect(settings);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new UsageException(e.getMessage());
    }
    WorkflowRunner workflows = runners.apply(client, settings);
    Cluster cluster = new Cluster(settings, client, workflows, schedules.apply(workflows));
    clusters.put(identity, cluster);
    return cluster;
  }

  /** A cluster is known by the kubeconfig and context that reach it (as one user). */
  static List<Object> identity(KubernetesSettings settings) {
    return Arrays.asList(settings.kubeconfig(), settings.context());
  }

  synchronized List<Cluster> all() {
    return new ArrayList<>(clusters.values());
  }

  @Override
  public synchronized void close() {
    for (Cluster cluster : clusters.values()) {
      cluster.schedules().close();
      cluster.workflows().close();
      cluster.client().close();
    }
    clusters.clear();
  }
}
