package dev.poros.render;

import dev.poros.model.Json;
import dev.poros.model.Resource;
import dev.poros.model.ResourceCondition;
import dev.poros.model.ResourceType;
import dev.poros.model.SecretData;
import dev.poros.model.StackRef;
import dev.poros.template.Addresses;
import dev.poros.template.Template;
import dev.poros.template.TemplateException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Renders a runnable's jobs through the stacks they name. {@code needed} are the resources the
 * runnable was validated against (its stacks, secrets and depots), so every name it uses resolves.
 */
public final class StackRenderer {
  /** The stack runnables get when they name none. */
  public static final String DEFAULT_STACK = "shell";

  /** The instance's public name when its configuration gives none. */
  public static final String DEFAULT_FQDN = "localhost";

  private final String fqdn;

  /** {@code fqdn}: the instance's public name, as DataOS's {@code DataOsFqdn}. */
  public StackRenderer(String fqdn) {
    this.fqdn = fqdn;
  }

  /**
   * @param revealSecrets whether environment values of secrets are the real ones (to run) or {@link
   *     SecretData#MASK} (to show)
   */
  public List<RenderedJob> render(
      Resource runnable, Collection<Resource> needed, boolean revealSecrets) {
    if (!runnable.type().runnable()) {
      throw new RenderException(
          runnable.key().id()
              + " is a "
              + runnable.type().typeName()
              + ": only workflows, services and workers run");
    }
    List<RenderedJob> jobs = new ArrayList<>();
    String section = "/" + runnable.type().typeName();
    if (runnable.type() == ResourceType.WORKFLOW) {
      JsonNode dag = runnable.manifest().at(section + "/dag");
      for (int i = 0; i < dag.size(); i++) {
        JsonNode job = dag.get(i);
        jobs.add(
            job(
                runnable,
                job.path("name").asString(),
                section + "/dag/" + i + "/spec",
                needed,
                revealSecrets));
      }
    } else {
      jobs.add(job(runnable, runnable.name(), section, needed, revealSecrets));
    }
    return jobs;
  }

  private RenderedJob job(
      Resource runnable, String name, String pointer, Collection<Resource> needed, boolean reveal) {
    JsonNode spec = runnable.manifest().at(pointer);
    String stackName = spec.path("stack").asString(DEFAULT_STACK);
    Resource stack =
        StackRef.parse(stackName)
            .flatMap(ref -> ref.resolve(needed))
            .orElseThrow(
                () -> new RenderException(name + ": stack '" + stackName + "' is not available"));
    JsonNode stackSection = stack.manifest().path("stack");
    String stackId = StackRef.of(stack).toString();
    String image = image(stackSection, spec);
    List<Resource> secrets =
        named(
            needed,
            spec,
            List.of("secrets", "dataosSecrets"),
            ResourceType.SECRET,
            ResourceType.INSTANCE_SECRET);
    Map<String, String> environment = new TreeMap<>();
    stringMap(stackSection.path("environmentVars"), environment);
    stringMap(spec.path("env"), environment);
    stringMap(spec.path("envs"), environment);
    depotVariables(named(needed, spec, List.of("depot"), ResourceType.DEPOT), environment);
    // templates write what they see into manifests and files: never a secret's value (nor
    // DataOS's own variables, which are the run's, not the spec's)
    Map<String, String> withoutSecrets = new TreeMap<>(environment);
    environment.putAll(dataOsVariables(runnable));
    String projection = stackSection.at("/secretProjection/type").asString("envVars");
    Map<String, String> secretFiles = new TreeMap<>();
    for (Resource secret : secrets) {
      Map<String, String> values = secretValues(secret, reveal);
      if (projection.equals("propFile")) {
        secretFiles.put(secret.name() + ".properties", properties(values));
      } else {
        environment.putAll(values);
      }
    }
    Placement placement = Placement.of(spec.path("compute").asString(""), needed);
    Map<String, Object> context =
        TemplateContext.of(
            runnable,
            name,
            runnable.maskedManifest().at(pointer),
            image,
            withoutSecrets,
            secrets.stream().map(Resource::name).toList(),
            placement,
            fqdn);
    JsonNode kind = stackSection.path(kindConfig(runnable.type()));
    Addresses addresses = new DepotAddresses(needed);
    String where = stackId + " " + kindConfig(runnable.type());
    return new RenderedJob(
        name,
        stackId,
        image,
        command(stackSection, spec, stackId),
        environment,
        projection,
        configFiles(kind.path("configFileTemplate"), context, addresses, where),
        secretFiles,
        placement,
        templates(kind, context, addresses, where),
        stackSection.path("reconciler").asString("").equalsIgnoreCase("stackManager"));
  }

  /**
   * What DataOS gives every run: its resource's id, the run (a workflow's run id is set when a run
   * starts; a service's or worker's is its version's stamp), whether it is a dry run, its
   * workspace, the instance's name.
   */
  private Map<String, String> dataOsVariables(Resource runnable) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("DATAOS_RESOURCE_ID", runnable.key().id());
    variables.put("DATAOS_RUN_ID", TemplateContext.stamp(runnable).substring(1));
    variables.put("DATAOS_IS_DRY_RUN", "false");
    variables.put("DATAOS_WORKSPACE", runnable.workspace() == null ? "" : runnable.workspace());
    variables.put("DATAOS_FQDN", fqdn);
    return variables;
  }

  private static StackTemplates templates(
      JsonNode kind, Map<String, Object> context, Addresses addresses, String where) {
    JsonNode config = kind.path("resourceTemplateConfig");
    try {
      return new StackTemplates(
          render(
              kind.path("containerResourceTemplate"),
              context,
              addresses,
              where + ".containerResourceTemplate"),
          render(
              kind.has("resourceTemplate")
                  ? kind.path("resourceTemplate")
                  : config.path("resourceTemplate"),
              context,
              addresses,
              where + ".resourceTemplate"),
          ResourceCondition.parse(config.path("successCondition").asString("")),
          ResourceCondition.parse(config.path("failureCondition").asString("")));
    } catch (ResourceCondition.SyntaxException e) {
      throw new RenderException(where + ".resourceTemplateConfig: " + e.getMessage());
    }
  }

  private static String kindConfig(ResourceType type) {
    return switch (type) {
      case WORKFLOW -> "workflowJobConfig";
      case SERVICE -> "serviceConfig";
      default -> "workerConfig";
    };
  }

  /**
   * The shell stack runs the job's command or script; container its stackSpec's; others their own.
   */
  private static List<String> command(JsonNode stack, JsonNode spec, String stackId) {
    List<String> command = new ArrayList<>();
    String name = stack.path("name").asString();
    if (name.equals("shell")) {
      if (spec.path("command").isArray()) {
        spec.get("command").forEach(c -> command.add(c.asString()));
      } else if (spec.path("script").isString()) {
        command.addAll(List.of("sh", "-c", spec.get("script").asString()));
      } else {
        throw new RenderException(
            "stack " + stackId + " needs a command (list) or a script (string)");
      }
    } else if (name.equals("container")) {
      spec.at("/stackSpec/command").forEach(c -> command.add(c.asString()));
      spec.at("/stackSpec/arguments").forEach(c -> command.add(c.asString()));
    } else {
      stack.path("command").forEach(c -> command.add(c.asString()));
      stack.path("arguments").forEach(c -> command.add(c.asString()));
    }
    spec.path("arguments").forEach(c -> command.add(c.asString()));
    return command;
  }

  private static String image(JsonNode stack, JsonNode spec) {
    if (stack.path("name").asString().equals("container")) {
      return spec.at("/stackSpec/image").asString("");
    }
    JsonNode image = stack.path("image");
    if (!image.isObject()) {
      return "";
    }
    String path =
        String.join(
            "/",
            Stream.of("registry", "repository", "image")
                .map(f -> image.path(f).asString(""))
                .filter(s -> !s.isEmpty())
                .toList());
    return path + (image.path("tag").isString() ? ":" + image.get("tag").asString() : "");
  }

  /** The needed resources of {@code types} named in {@code fields} of the job's spec. */
  private static List<Resource> named(
      Collection<Resource> needed, JsonNode spec, List<String> fields, ResourceType... types) {
    List<String> names = new ArrayList<>();
    for (String field : fields) {
      JsonNode value = spec.path(field);
      if (value.isString()) {
        names.add(value.asString());
      }
      value
          .valueStream()
          .forEach(
              item ->
                  names.add(item.isString() ? item.asString() : item.path("name").asString("")));
    }
    List<ResourceType> wanted = List.of(types);
    return needed.stream()
        .filter(r -> wanted.contains(r.type()) && names.contains(r.name()))
        .toList();
  }

  /** A secret's data keys and values (masked unless {@code reveal}). */
  private static Map<String, String> secretValues(Resource secret, boolean reveal) {
    String prefix = "/" + secret.type().typeName() + "/data/";
    Map<String, String> values = new TreeMap<>();
    secret
        .secrets()
        .values()
        .forEach(
            (pointer, value) -> {
              if (pointer.startsWith(prefix)) {
                String key =
                    pointer.substring(prefix.length()).replace("~1", "/").replace("~0", "~");
                values.put(key, reveal ? value : SecretData.MASK);
              }
            });
    return values;
  }

  /**
   * {@code key=value} lines as {@link Properties} writes (and every properties reader reads) them,
   * sorted, without the date comment it starts with.
   */
  private static String properties(Map<String, String> values) {
    Properties properties = new Properties();
    properties.putAll(values);
    StringWriter out = new StringWriter();
    try {
      properties.store(out, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString()
            .lines()
            .filter(line -> !line.startsWith("#"))
            .sorted()
            .collect(Collectors.joining("\n"))
        + "\n";
  }

  /** A depot's non-secret scalar fields as {@code DEPOT_<NAME>_<FIELD>}. */
  private static void depotVariables(List<Resource> depots, Map<String, String> environment) {
    for (Resource depot : depots) {
      String prefix = "DEPOT_" + variable(depot.name()) + "_";
      environment.put(prefix + "TYPE", depot.manifest().at("/depot/type").asString(""));
      depot
          .manifest()
          .at("/depot/spec")
          .propertyStream()
          .forEach(
              e -> {
                if (e.getValue().isValueNode()) {
                  environment.put(prefix + variable(e.getKey()), e.getValue().asString());
                }
              });
    }
  }

  private static String variable(String name) {
    return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  private static void stringMap(JsonNode map, Map<String, String> into) {
    map.propertyStream().forEach(e -> into.put(e.getKey(), e.getValue().asString()));
  }

  private static String render(
      JsonNode template, Map<String, Object> context, Addresses addresses, String where) {
    if (!template.isString()) {
      return "";
    }
    try {
      return Template.parse(template.asString()).render(context, addresses);
    } catch (TemplateException e) {
      throw new RenderException(where + " line " + e.line() + ": " + e.getMessage());
    }
  }

  /** A config file template renders to a YAML mapping of file name to content. */
  private static Map<String, String> configFiles(
      JsonNode template, Map<String, Object> context, Addresses addresses, String where) {
    String rendered = render(template, context, addresses, where + ".configFileTemplate");
    if (rendered.isBlank()) {
      return Map.of();
    }
    JsonNode files;
    try {
      files = Json.YAML.readTree(rendered);
    } catch (JacksonException e) {
      throw new RenderException(
          where + ".configFileTemplate renders to invalid YAML: " + e.getOriginalMessage());
    }
    if (!files.isObject()) {
      throw new RenderException(
          where + ".configFileTemplate must render to a mapping of file name to content");
    }
    Map<String, String> out = new LinkedHashMap<>();
    files
        .propertyStream()
        .forEach(
            e ->
                out.put(
                    e.getKey(),
                    e.getValue().isString()
                        ? e.getValue().asString()
                        : Json.YAML.writeValueAsString(e.getValue())));
    return out;
  }
}
