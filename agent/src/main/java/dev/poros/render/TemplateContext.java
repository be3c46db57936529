package dev.poros.render;

import dev.poros.model.Json;
import dev.poros.model.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The data a stack's templates see, named as DataOS names it: {@code .Name}, {@code .Type}, {@code
 * .Workspace}, {@code .Stamp}, {@code .Owner}, {@code .Description}, {@code .Tags}, {@code .Image},
 * {@code .MetricPort}, the mount paths, and {@code .ApplicationSpec} with {@code StackSpec}, {@code
 * LogLevel}, {@code EnvironmentVars}, {@code Secrets}, {@code Resources}, {@code Compute}, {@code
 * TempVolume} and {@code PersistentVolume}; {@code .NodeSelector} and {@code .Tolerations} from the
 * job's compute; {@code .DataOsFqdn} the instance's name; the DataOS instance's other settings
 * empty.
 */
final class TemplateContext {
  static final int METRIC_PORT = 9876;

  /** The DataOS instance's own settings that stacks' templates read. */
  private static final List<String> INSTANCE_VALUES =
      List.of(
          "DataOsFqdn",
          "AuditMode",
          "IosaReceiverUrl",
          "MinervaJdbcUrl",
          "MinervaJdbcSsl",
          "GatewayPublicBaseUrl",
          "DatapolicyGatewaySsl");

  private TemplateContext() {}

  /**
   * {@code section} is the job's spec (a DAG job) or the runnable's own section; {@code
   * environment} its variables without its secrets' (those reach it only as {@code Secrets}).
   */
  static Map<String, Object> of(
      Resource runnable,
      String job,
      JsonNode section,
      String image,
      Map<String, String> environment,
      List<String> secretNames,
      Placement placement,
      String fqdn) {
    JsonNode manifest = runnable.maskedManifest();
    Map<String, Object> app = new LinkedHashMap<>();
    app.put("StackSpec", value(section.path("stackSpec")));
    app.put("LogLevel", section.path("logLevel").asString("INFO"));
    app.put("EnvironmentVars", environment);
    app.put("Secrets", secretNames);
    app.put("Resources", value(section.path("resources")));
    app.put("Compute", value(section.path("compute")));
    app.put("TempVolume", value(section.path("tempVolume")));
    app.put("PersistentVolume", persistentVolume(section.path("persistentVolume")));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("Name", job);
    root.put("Type", runnable.type().typeName());
    root.put("Workspace", runnable.workspace());
    root.put("Stamp", stamp(runnable));
    root.put("Owner", manifest.path("owner").asString(""));
    root.put("Description", manifest.path("description").asString(""));
    root.put("Tags", value(manifest.path("tags")));
    root.put(
        "PivotTags",
        String.join(",", manifest.path("tags").valueStream().map(JsonNode::asString).toList()));
    root.put("Image", image);
    root.put("MetricPort", (long) METRIC_PORT);
    root.put("DataOsConfigMountPath", RenderedJob.CONFIG_MOUNT);
    root.put("DataOsSecretMountPath", RenderedJob.SECRET_MOUNT);
    root.put("HasConfigConfs", true);
    root.put("HasSecretRefs", !secretNames.isEmpty());
    root.put("IsDryRun", false);
    root.put("NodeSelector", value(placement.nodeSelector()));
    root.put("Tolerations", value(placement.tolerations()));
    root.put("Volumes", List.of());
    root.put("EnvironmentVarsFromSecret", List.of());
    root.put("RunnableServiceAccount", "default");
    root.put("DataTempMountPath", "/var/dataos/temp_data");
    root.put("DataPersistentMountPath", "/var/dataos/data");
    // Poros is no DataOS instance: the addresses of its services are empty, not "<no value>"
    for (String instance : INSTANCE_VALUES) {
      root.put(instance, "");
    }
    root.put("DataOsFqdn", fqdn);
    root.put("ApplicationSpec", app);
    return root;
  }

  /**
   * Six characters of the content hash: changes whenever the runnable does, as DataOS stamps do.
   */
  static String stamp(Resource runnable) {
    return "-" + runnable.hash().substring(0, 6);
  }

  private static Map<String, Object> persistentVolume(JsonNode volume) {
    if (!volume.isObject()) {
      return null;
    }
    Map<String, Object> pv = new LinkedHashMap<>();
    pv.put("Name", volume.path("name").asString(""));
    pv.put("Directory", volume.path("directory").asString(""));
    return pv;
  }

  static Object value(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull()
        ? null
        : Json.JSON.convertValue(node, Object.class);
  }
}
