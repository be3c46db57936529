package dev.poros.load;

import dev.poros.model.DataOsAddress;
import dev.poros.model.Reference;
import dev.poros.model.ResourceType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Lists what a manifest says it needs: the top-level {@code dependencies} (ids or names of any
 * type), and in a runnable's section (its DAG job specs included, {@code stackSpec} excluded) the
 * {@code compute}, {@code depot}, {@code secrets} and {@code dataosSecrets} it names; a depot's
 * {@code secrets} name instance secrets.
 */
final class ReferenceFinder {
  private static final Set<ResourceType> SECRETS =
      Set.of(ResourceType.SECRET, ResourceType.INSTANCE_SECRET);

  private ReferenceFinder() {}

  static List<Reference> find(ResourceType type, JsonNode manifest, String workspace) {
    List<Reference> found = new ArrayList<>();
    names(manifest.path("dependencies"), "/dependencies", Set.of(), null, found);
    String section = "/" + type.typeName();
    if (type.runnable()) {
      runnableSpec(manifest.at(section), section, workspace, found);
      JsonNode dag = manifest.at(section + "/dag");
      for (int i = 0; i < dag.size(); i++) {
        String job = section + "/dag/" + i + "/spec";
        runnableSpec(manifest.at(job), job, workspace, found);
      }
    } else if (type == ResourceType.CLUSTER) {
      single(manifest.at("/cluster/compute"), "/cluster/compute", ResourceType.COMPUTE, found);
    } else if (type == ResourceType.DEPOT) {
      names(
          manifest.at("/depot/secrets"),
          "/depot/secrets",
          Set.of(ResourceType.INSTANCE_SECRET),
          null,
          found);
      names(
          manifest.at("/depot/dataosSecrets"),
          "/depot/dataosSecrets",
          Set.of(ResourceType.INSTANCE_SECRET),
          null,
          found);
    }
    return found;
  }

  private static void runnableSpec(
      JsonNode spec, String at, String workspace, List<Reference> found) {
    // a runnable that names no stack runs on the built-in shell stack
    String stack = spec.path("stack").isMissingNode() ? "shell" : spec.path("stack").asString("");
    if (!stack.isBlank()) {
      found.add(new Reference(at + "/stack", stack, Set.of(ResourceType.STACK), null));
    }
    single(spec.path("compute"), at + "/compute", ResourceType.COMPUTE, found);
    single(spec.path("depot"), at + "/depot", ResourceType.DEPOT, found);
    names(spec.path("secrets"), at + "/secrets", SECRETS, workspace, found);
    names(spec.path("dataosSecrets"), at + "/dataosSecrets", SECRETS, workspace, found);
    addresses(spec, at, new HashSet<>(), found);
  }

  /**
   * The depots the DataOS addresses in a job's spec name ({@code dataos://DEPOT:COLLECTION/…}):
   * needed when declared (a stack's template may {@code resolve} them), else no problem — DataOS
   * instances have depots no repository declares.
   */
  private static void addresses(JsonNode node, String at, Set<String> seen, List<Reference> found) {
    if (node.isString()) {
      DataOsAddress.parse(node.asString())
          .filter(address -> seen.add(address.depot()))
          .ifPresent(
              address ->
                  found.add(
                      new Reference(at, address.depot(), Set.of(ResourceType.DEPOT), null, true)));
    } else if (node.isObject()) {
      node.properties()
          .forEach(f -> addresses(f.getValue(), at + "/" + pointerEscape(f.getKey()), seen, found));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        addresses(node.get(i), at + "/" + i, seen, found);
      }
    }
  }

  private static String pointerEscape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static void single(JsonNode value, String at, ResourceType type, List<Reference> found) {
    if (value.isString() && !value.asString().isBlank()) {
      found.add(new Reference(at, value.asString(), Set.of(type), null));
    }
  }

  /**
   * A list of names, each a string or an object with {@code name} (and maybe {@code workspace}).
   */
  private static void names(
      JsonNode list, String at, Set<ResourceType> types, String workspace, List<Reference> found) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      if (item.isString()) {
        found.add(new Reference(at + "/" + i, item.asString(), types, workspace));
      } else if (item.path("name").isString()) {
        String ws =
            item.path("workspace").isString() ? item.get("workspace").asString() : workspace;
        found.add(new Reference(at + "/" + i + "/name", item.get("name").asString(), types, ws));
      }
    }
  }
}
