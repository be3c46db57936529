package dev.poros.apply.kubernetes;

import dev.poros.model.ObjectRef;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API server serves, by API version and kind: the plural to address it by and whether it
 * lives in a namespace. Cached; looked up again when a kind is missing, since a CRD applied by the
 * same sync adds kinds.
 */
final class ApiCatalog {
  private final KubernetesClient client;
  private final Map<String, Map<String, APIResource>> byApiVersion = new ConcurrentHashMap<>();

  ApiCatalog(KubernetesClient client) {
    this.client = client;
  }

  /** How to address {@code kind} of {@code apiVersion}, if the server serves it. */
  Optional<ResourceDefinitionContext> find(String apiVersion, String kind) {
    APIResource known = byApiVersion.getOrDefault(apiVersion, Map.of()).get(kind);
    if (known == null) {
      byApiVersion.put(apiVersion, discover(apiVersion));
      known = byApiVersion.get(apiVersion).get(kind);
    }
    if (known == null) {
      return Optional.empty();
    }
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    return Optional.of(
        new ResourceDefinitionContext.Builder()
            .withGroup(group)
            .withVersion(version)
            .withKind(kind)
            .withPlural(known.getName())
            .withNamespaced(Boolean.TRUE.equals(known.getNamespaced()))
            .build());
  }

  /**
   * The object {@code ref} names, to read or delete; empty when the cluster serves no such kind.
   */
  Optional<Resource<GenericKubernetesResource>> object(ObjectRef ref) {
    return find(ref.apiVersion(), ref.kind())
        .map(
            context -> {
              var kinds = client.genericKubernetesResources(context);
              return context.isNamespaceScoped()
                  ? kinds.inNamespace(ref.namespace()).withName(ref.name())
                  : kinds.withName(ref.name());
            });
  }

  private Map<String, APIResource> discover(String apiVersion) {
    Map<String, APIResource> kinds = new ConcurrentHashMap<>();
    APIResourceList list;
    try {
      list = client.getApiResources(apiVersion);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return kinds;
      }
      throw e;
    }
    if (list != null) {
      for (APIResource resource : list.getResources()) {
        if (!resource.getName().contains("/")) { // not a subresource such as deployments/scale
          kinds.put(resource.getKind(), resource);
        }
      }
    }
    return kinds;
  }
}
