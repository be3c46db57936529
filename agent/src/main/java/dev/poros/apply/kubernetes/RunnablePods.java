package dev.poros.apply.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;

/**
 * The pods a service or worker runs as on a cluster, found by the instance label its Deployment
 * gives them: what {@code poros get runtime} shows of a runnable the Kubernetes executor applied.
 */
public final class RunnablePods {
  private RunnablePods() {}

  /** One pod: its name, phase, ready containers of all, restarts (summed), node. */
  public record PodState(String name, String phase, String ready, int restarts, String node) {}

  /** The pods of the runnable {@code resourceKey} in {@code namespace}, by name. */
  public static List<PodState> of(KubernetesClient client, String resourceKey, String namespace) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel("app.kubernetes.io/instance", Labels.labelSafe(resourceKey))
        .list()
        .getItems()
        .stream()
        .map(RunnablePods::state)
        .sorted(Comparator.comparing(PodState::name))
        .toList();
  }

  private static PodState state(Pod pod) {
    List<ContainerStatus> containers =
        pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
            ? List.of()
            : pod.getStatus().getContainerStatuses();
    long ready = containers.stream().filter(c -> Boolean.TRUE.equals(c.getReady())).count();
    int restarts =
        containers.stream()
            .mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount())
            .sum();
    return new PodState(
        pod.getMetadata().getName(),
        pod.getStatus() == null ? "" : pod.getStatus().getPhase(),
        ready + "/" + pod.getSpec().getContainers().size(),
        restarts,
        pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName());
  }
}
