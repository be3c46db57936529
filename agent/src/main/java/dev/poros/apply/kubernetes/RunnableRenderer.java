package dev.poros.apply.kubernetes;

import dev.poros.model.Json;
import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
import dev.poros.model.SecretData;
import dev.poros.model.SecretDigest;
import dev.poros.render.RenderException;
import dev.poros.render.RenderedJob;
import dev.poros.render.StackRenderer;
import dev.poros.render.StackTemplates;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A service or worker as Kubernetes objects, through its stack: a Deployment of its replicas (the
 * stack's image, or the configured shell image for a stack that names only a command), its
 * environment in a Secret {@code NAME-env} (values never in the Deployment), its config files in a
 * ConfigMap and its secret files in a Secret, mounted where DataOS mounts them, its compute's node
 * selector and tolerations, probes from its {@code healthCheck}; a service also a Service of its
 * ports. The pod template carries a keyed digest of all of it, so that a changed secret or config
 * file rolls the pods. A stack's {@code containerResourceTemplate} gives the pod's containers; its
 * {@code resourceTemplate} gives the objects instead of all of these.
 */
final class RunnableRenderer {
  private final StackRenderer stacks;
  private final String shellImage;
  private final SecretDigest digest;

  RunnableRenderer(String shellImage, SecretDigest digest, StackRenderer stacks) {
    this.stacks = stacks;
    this.shellImage = shellImage;
    this.digest = digest;
  }

  List<ObjectNode> render(Resource runnable, List<Resource> needed, String namespace) {
    try {
      RenderedJob job = stacks.render(runnable, needed, true).get(0);
      if (!job.templates().resource().isBlank()) {
        // the stack stands for the runnable with objects of its own, as DataOS stacks do
        return StackTemplates.objects(job.templates().resource());
      }
      return render(runnable, job, namespace);
    } catch (RenderException e) {
      throw new ObjectRenderer.Unsupported(e.getMessage());
    }
  }

  private List<ObjectNode> render(Resource runnable, RenderedJob job, String namespace) {
    String name = runnable.name();
    JsonNode section = runnable.manifest().path(runnable.type().typeName());
    Map<String, String> selector =
        Map.of(
            "app.kubernetes.io/name",
            name,
            "app.kubernetes.io/instance",
            Labels.labelSafe(runnable.key().id()));
    List<ObjectNode> objects = new ArrayList<>();
    Map<String, String> environment = new LinkedHashMap<>(job.environment());
    int port = section.path("servicePort").asInt(0);
    if (runnable.type() == ResourceType.SERVICE && port > 0) {
      environment.putIfAbsent("PORT", String.valueOf(port));
    }
    String environmentSecret =
        job.templates().container().isBlank()
            ? name + "-env"
            : StackTemplates.environmentSecret(runnable);
    objects.add(secret(environmentSecret, namespace, environment));
    if (!job.configFiles().isEmpty()) {
      ObjectNode config = ObjectRenderer.object("v1", "ConfigMap", name + "-config", namespace);
      ObjectNode data = config.putObject("data");
      job.configFiles().forEach(data::put);
      objects.add(config);
    }
    if (!job.secretFiles().isEmpty()) {
      objects.add(secret(name + "-secret-files", namespace, job.secretFiles()));
    }
    Map<String, String> everything = new LinkedHashMap<>();
    environment.forEach((k, v) -> everything.put("env/" + k, v));
    job.configFiles().forEach((k, v) -> everything.put("config/" + k, v));
    job.secretFiles().forEach((k, v) -> everything.put("secret/" + k, v));
    objects.add(
        0,
        deployment(
            runnable,
            job,
            section,
            namespace,
            selector,
            digest.digest(new SecretData(everything))));
    if (runnable.type() == ResourceType.SERVICE) {
      service(name, namespace, section, selector).ifPresent(objects::add);
    }
    return objects;
  }

  private ObjectNode deployment(
      Resource runnable,
      RenderedJob job,
      JsonNode section,
      String namespace,
      Map<String, String> selector,
      String contentDigest) {
    String name = runnable.name();
    ObjectNode deployment = ObjectRenderer.object("apps/v1", "Deployment", name, namespace);
    ObjectNode spec = deployment.putObject("spec");
    spec.put("replicas", section.path("replicas").asInt(1));
    spec.putObject("selector").set("matchLabels", Json.JSON.valueToTree(selector));
    ObjectNode template = spec.putObject("template");
    ObjectNode metadata = template.putObject("metadata");
    metadata.set("labels", Json.JSON.valueToTree(selector));
    metadata.putObject("annotations").put("poros.dev/content-digest", contentDigest);
    ObjectNode pod = template.putObject("spec");
    if (job.templates().container().isBlank()) {
      container(name, job, section, pod);
    } else {
      templatedContainers(name, job.templates().container(), pod);
    }
    job.placement().applyTo(pod);
    return deployment;
  }

  private void container(String name, RenderedJob job, JsonNode section, ObjectNode pod) {
    ObjectNode container = pod.putArray("containers").addObject();
    container.put("name", "main");
    container.put("image", job.image().isEmpty() ? shellImage : job.image());
    if (!job.command().isEmpty()) {
      ArrayNode command = container.putArray("command");
      job.command().forEach(command::add);
    }
    container.putArray("envFrom").addObject().putObject("secretRef").put("name", name + "-env");
    ArrayNode mounts = container.putArray("volumeMounts");
    ArrayNode volumes = pod.putArray("volumes");
    if (!job.configFiles().isEmpty()) {
      mount(mounts, volumes, "config", RenderedJob.CONFIG_MOUNT)
          .putObject("configMap")
          .put("name", name + "-config");
    }
    if (!job.secretFiles().isEmpty()) {
      mount(mounts, volumes, "secret", RenderedJob.SECRET_MOUNT)
          .putObject("secret")
          .put("secretName", name + "-secret-files");
    }
    int port = section.path("servicePort").asInt(0);
    if (port > 0) {
      container.putArray("ports").addObject().put("containerPort", port);
    }
    // DataOS's resources: {requests, limits} are the container's, as Kubernetes writes them
    ObjectNode resources = Json.JSON.createObjectNode();
    for (String bound : List.of("requests", "limits")) {
      if (section.path("resources").path(bound).isObject()) {
        resources.set(bound, section.path("resources").path(bound).deepCopy());
      }
    }
    if (!resources.isEmpty()) {
      container.set("resources", resources);
    }
    JsonNode health = section.path("healthCheck");
    if (health.isObject()) {
      ObjectNode probe = container.putObject("readinessProbe");
      if (health.has("httpGet")) {
        probe
            .putObject("httpGet")
            .put("path", health.at("/httpGet/path").asString("/"))
            .put("port", health.at("/httpGet/port").asInt(port));
      } else if (health.has("tcpSocket")) {
        probe.putObject("tcpSocket").put("port", health.at("/tcpSocket/port").asInt(port));
      }
    }
  }

  /**
   * The pod's containers as the stack's {@code containerResourceTemplate} renders them ({@code
   * container}, optional {@code initContainers}), with the volumes they mount as DataOS provides
   * them: {@code dataos-config-mount} the config files, {@code dataos-secret-mount} the secret
   * files (both optional, a stack may mount them with none), any other an empty directory.
   */
  private static void templatedContainers(String name, String rendered, ObjectNode pod) {
    JsonNode template;
    try {
      template = Json.YAML.readTree(rendered);
    } catch (JacksonException e) {
      throw new RenderException(
          "containerResourceTemplate renders to invalid YAML: " + e.getOriginalMessage());
    }
    if (!template.path("container").isObject()) {
      throw new RenderException("containerResourceTemplate renders no 'container' mapping");
    }
    pod.putArray("containers").add(template.get("container").deepCopy());
    if (template.path("initContainers").isArray()) {
      pod.set("initContainers", template.get("initContainers").deepCopy());
    }
    Set<String> mounted = new LinkedHashSet<>();
    for (String list : List.of("containers", "initContainers")) {
      for (JsonNode container : pod.path(list)) {
        container.path("volumeMounts").forEach(m -> mounted.add(m.path("name").asString()));
      }
    }
    ArrayNode volumes = pod.putArray("volumes");
    for (String volume : mounted) {
      ObjectNode entry = volumes.addObject().put("name", volume);
      switch (volume) {
        case "dataos-config-mount" ->
            entry.putObject("configMap").put("name", name + "-config").put("optional", true);
        case "dataos-secret-mount" ->
            entry
                .putObject("secret")
                .put("secretName", name + "-secret-files")
                .put("optional", true);
        default -> entry.putObject("emptyDir");
      }
    }
  }

  private static ObjectNode mount(ArrayNode mounts, ArrayNode volumes, String name, String path) {
    mounts.addObject().put("name", name).put("mountPath", path).put("readOnly", true);
    ObjectNode volume = volumes.addObject();
    volume.put("name", name);
    return volume;
  }

  private static Optional<ObjectNode> service(
      String name, String namespace, JsonNode section, Map<String, String> selector) {
    List<ObjectNode> ports = new ArrayList<>();
    if (section.path("servicePort").isNumber()) {
      int port = section.path("servicePort").asInt();
      ObjectNode p = Json.JSON.createObjectNode();
      p.put("name", "http").put("port", port).put("targetPort", port);
      ports.add(p);
    }
    for (JsonNode entry : section.path("servicePorts")) {
      int port = entry.path("servicePort").asInt();
      ObjectNode p = Json.JSON.createObjectNode();
      p.put("name", entry.path("name").asString("port-" + port))
          .put("port", port)
          .put("targetPort", port);
      ports.add(p);
    }
    if (ports.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode service = ObjectRenderer.object("v1", "Service", name, namespace);
    ObjectNode spec = service.putObject("spec");
    spec.set("selector", Json.JSON.valueToTree(selector));
    ArrayNode list = spec.putArray("ports");
    ports.forEach(list::add);
    return Optional.of(service);
  }

  private static ObjectNode secret(String name, String namespace, Map<String, String> values) {
    ObjectNode secret = ObjectRenderer.object("v1", "Secret", name, namespace);
    secret.put("type", "Opaque");
    ObjectNode data = secret.putObject("data");
    Base64.Encoder encoder = Base64.getEncoder();
    values.forEach(
        (k, v) -> data.put(k, encoder.encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return secret;
  }
}
