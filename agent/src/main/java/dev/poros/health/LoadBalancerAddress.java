package dev.poros.health;

import tools.jackson.databind.JsonNode;

/** Services of type LoadBalancer and Ingresses are ready once the load balancer lists an entry. */
final class LoadBalancerAddress {
  private LoadBalancerAddress() {}

  static ObjectHealth of(JsonNode object, String waiting) {
    // a non-empty list counts, even when its entry is empty: it is what the controller reports
    return object.at("/status/loadBalancer/ingress").isEmpty()
        ? ObjectHealth.progressing(waiting)
        : ObjectHealth.healthy();
  }
}
