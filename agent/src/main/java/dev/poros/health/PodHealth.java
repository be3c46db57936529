package dev.poros.health;

import dev.poros.model.Health;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A Pod. A restarting pod whose container waits on an error or a back-off is Degraded; then by
 * phase. A running pod that is not meant to restart (Never, OnFailure) counts as still working —
 * Progressing — as Argo CD counts such pods.
 */
final class PodHealth implements HealthCheck {
  @Override
  public ObjectHealth check(JsonNode pod) {
    String restart = pod.at("/spec/restartPolicy").asString("Always");
    String message = pod.at("/status/message").asString("");
    if (restart.equals("Always")) {
      List<String> waiting = new ArrayList<>();
      for (JsonNode container : pod.at("/status/containerStatuses")) {
        JsonNode state = container.at("/state/waiting");
        String reason = state.path("reason").asString("");
        if (state.isObject()
            && (reason.startsWith("Err")
                || reason.endsWith("Error")
                || reason.endsWith("BackOff"))) {
          waiting.add(state.path("message").asString(reason));
        }
      }
      if (!waiting.isEmpty()) {
        return ObjectHealth.degraded(String.join(", ", waiting));
      }
    }
    return switch (pod.at("/status/phase").asString("")) {
      case "Pending" -> ObjectHealth.progressing(message);
      case "Succeeded" -> new ObjectHealth(Health.HEALTHY, message);
      case "Failed" -> ObjectHealth.degraded(message.isEmpty() ? failure(pod) : message);
      case "Running" -> running(pod, restart, message);
      default -> new ObjectHealth(Health.UNKNOWN, message);
    };
  }

  private static ObjectHealth running(JsonNode pod, String restart, String message) {
    if (!restart.equals("Always")) {
      return ObjectHealth.progressing(message);
    }
    if (Conditions.isTrue(pod, "Ready")) {
      return new ObjectHealth(Health.HEALTHY, message);
    }
    for (JsonNode container : pod.at("/status/containerStatuses")) {
      if (container.at("/lastState/terminated").isObject()) {
        return ObjectHealth.degraded(message);
      }
    }
    return ObjectHealth.progressing(message);
  }

  /** Why a failed pod failed, from its containers when the pod says nothing. */
  private static String failure(JsonNode pod) {
    List<JsonNode> containers = new ArrayList<>();
    pod.at("/status/initContainerStatuses").forEach(containers::add);
    pod.at("/status/containerStatuses").forEach(containers::add);
    for (JsonNode container : containers) {
      JsonNode terminated = container.at("/state/terminated");
      if (!terminated.isObject()) {
        continue;
      }
      if (!terminated.path("message").asString("").isEmpty()) {
        return terminated.path("message").asString();
      }
      if (terminated.path("reason").asString("").equals("OOMKilled")) {
        return "OOMKilled";
      }
      if (terminated.path("exitCode").asInt(0) != 0) {
        return "container \""
            + container.path("name").asString()
            + "\" failed with exit code "
            + terminated.path("exitCode").asInt();
      }
    }
    return "";
  }
}
