package dev.poros.health;

import tools.jackson.databind.JsonNode;

/** A Service: healthy once it exists, except a LoadBalancer, which waits for an address. */
final class ServiceHealth implements HealthCheck {
  @Override
  public ObjectHealth check(JsonNode service) {
    if (service.at("/spec/type").asString("").equals("LoadBalancer")) {
      return LoadBalancerAddress.of(service, "waiting for the load balancer's address");
    }
    return ObjectHealth.healthy();
  }
}
