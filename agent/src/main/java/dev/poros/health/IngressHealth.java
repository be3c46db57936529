package dev.poros.health;

import tools.jackson.databind.JsonNode;

/** An Ingress: healthy once its load balancer has an entry. */
final class IngressHealth implements HealthCheck {
  @Override
  public ObjectHealth check(JsonNode ingress) {
    return LoadBalancerAddress.of(ingress, "waiting for the ingress controller's address");
  }
}
