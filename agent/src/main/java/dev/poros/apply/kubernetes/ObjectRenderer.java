package dev.poros.apply.kubernetes;

import dev.poros.model.Json;
import dev.poros.model.Resource;
import dev.poros.model.Scope;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a resource becomes on the cluster, before Poros's labels: a Kubernetes object as written; a
 * secret as a Secret; a depot as a ConfigMap of its (masked) spec, its inline credentials as a
 * Secret beside it; a service or worker as {@link RunnableRenderer} says; computes, policies,
 * clusters, stacks and bundles as nothing (they are recorded only), and a workflow as nothing
 * either (its runs make Jobs). Workspace-level resources go to the namespace named after their
 * workspace, instance-level ones to the configured namespace.
 */
final class ObjectRenderer {
  private final String instanceNamespace;
  private final RunnableRenderer runnables;

  ObjectRenderer(String instanceNamespace, RunnableRenderer runnables) {
    this.instanceNamespace = instanceNamespace;
    this.runnables = runnables;
  }

  /** Thrown when a resource cannot be rendered (its stack cannot); the step fails with it. */
  static final class Unsupported extends RuntimeException {
    Unsupported(String message) {
      super(message);
    }
  }

  /** The objects {@code resource} becomes; {@code needed}: what its references resolved to. */
  List<ObjectNode> render(Resource resource, List<Resource> needed) {
    return switch (resource.type()) {
      case KUBERNETES -> List.of(asWritten(resource));
      case SECRET, INSTANCE_SECRET -> List.of(secret(resource));
      case DEPOT -> depot(resource);
      case COMPUTE, POLICY, ADMISSION_POLICY, CLUSTER, STACK, BUNDLE -> List.of();
      case SERVICE, WORKER -> runnables.render(resource, needed, namespaceOf(resource));
      case WORKFLOW -> List.of(); // its runs' Jobs belong to the runs
    };
  }

  /** The namespace a resource's objects go to when they name none. */
  String namespaceOf(Resource resource) {
    return resource.type().scope() == Scope.WORKSPACE ? resource.workspace() : instanceNamespace;
  }

  private static ObjectNode asWritten(Resource resource) {
    ObjectNode object = (ObjectNode) resource.manifest().deepCopy();
    object.remove("status");
    if (object.get("metadata") instanceof ObjectNode metadata) {
      for (String server :
          List.of("resourceVersion", "uid", "creationTimestamp", "managedFields", "generation")) {
        metadata.remove(server);
      }
    }
    return object;
  }

  private ObjectNode secret(Resource resource) {
    String type = resource.manifest().at("/" + resource.type().typeName() + "/type").asString("");
    ObjectNode secret = object("v1", "Secret", resource.name(), namespaceOf(resource));
    secret.put(
        "type",
        type.equals("cloud-kernel-image-pull") ? "kubernetes.io/dockerconfigjson" : "Opaque");
    secret.set("data", base64(resource.secrets().values(), type.equals("cloud-kernel-image-pull")));
    return secret;
  }

  private List<ObjectNode> depot(Resource resource) {
    ObjectNode config =
        object("v1", "ConfigMap", "depot-" + resource.name(), namespaceOf(resource));
    ObjectNode data = config.putObject("data");
    data.put("depot.yaml", Json.YAML.writeValueAsString(resource.maskedManifest().path("depot")));
    if (resource.secrets().isEmpty()) {
      return List.of(config);
    }
    ObjectNode secret = object("v1", "Secret", "depot-" + resource.name(), namespaceOf(resource));
    secret.put("type", "Opaque");
    secret.set("data", base64(resource.secrets().values(), false));
    return List.of(config, secret);
  }

  static ObjectNode object(String apiVersion, String kind, String name, String namespace) {
    ObjectNode object = Json.JSON.createObjectNode();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("name", name);
    metadata.put("namespace", namespace);
    return object;
  }

  /**
   * Secret values as a Secret's {@code data}: each named by its field (the last part of where the
   * manifest held it); an image-pull secret's one value is its {@code .dockerconfigjson}.
   */
  private static ObjectNode base64(Map<String, String> values, boolean imagePull) {
    ObjectNode data = Json.JSON.createObjectNode();
    Base64.Encoder encoder = Base64.getEncoder();
    values.forEach(
        (pointer, value) -> {
          String field =
              pointer.substring(pointer.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
          String key = imagePull && values.size() == 1 ? ".dockerconfigjson" : field;
          data.put(key, encoder.encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        });
    return data;
  }

  /** Whether {@code object} is a Secret: its values are hashed only through a keyed digest. */
  static boolean holdsSecrets(JsonNode object) {
    return "Secret".equals(object.path("kind").asString())
        && "v1".equals(object.path("apiVersion").asString());
  }
}
