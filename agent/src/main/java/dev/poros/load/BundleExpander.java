package dev.poros.load;

import dev.poros.model.Condition;
import dev.poros.model.Origin;
import dev.poros.model.Problem;
import dev.poros.model.Reference;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.Scope;
import dev.poros.source.SourceFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Expands a {@code type: bundle} into its members: each from an inline {@code spec} or a {@code
 * file} of the same commit, placed in the member's {@code workspace}, needing the members its
 * {@code dependencies} name and waiting for its {@code dependencyConditions}.
 */
final class BundleExpander {
  private final ResourceFactory factory;
  private final FileReferences files;
  private final BiFunction<String, SourceFile, ParsedFile> parseFile;

  BundleExpander(
      ResourceFactory factory,
      FileReferences files,
      BiFunction<String, SourceFile, ParsedFile> parseFile) {
    this.factory = factory;
    this.files = files;
    this.parseFile = parseFile;
  }

  /** The members, the problems that are the bundle's, and warnings. */
  record Expansion(
      List<Resource> members,
      List<Problem> problems,
      List<Problem> warnings,
      Map<String, String> memberFiles) {}

  /**
   * Where a bundle lists its members: {@code resources}, or DataOS's {@code Resources} spelling.
   */
  static String membersPointer(JsonNode bundle) {
    return bundle.at("/bundle/resources").isMissingNode()
            && !bundle.at("/bundle/Resources").isMissingNode()
        ? "/bundle/Resources"
        : "/bundle/resources";
  }

  Expansion expand(Resource bundle) {
    List<Problem> problems = new ArrayList<>();
    List<Problem> warnings = new ArrayList<>();
    Map<String, String> memberFiles = new LinkedHashMap<>();
    String at = membersPointer(bundle.manifest());
    if (at.equals("/bundle/Resources")) {
      warnings.add(
          bundle
              .origin()
              .problem(
                  at,
                  "write 'resources': 'Resources' is accepted for compatibility with older DataOS docs"));
    }
    JsonNode list = bundle.manifest().at(at);
    Map<String, List<Resource>> byId = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode member = list.get(i);
      String id = member.path("id").asString("");
      byId.put(id, members(bundle, member, at + "/" + i, problems, memberFiles));
    }
    List<Resource> members = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode member = list.get(i);
      List<Reference> needs = new ArrayList<>();
      List<Condition> waits = new ArrayList<>();
      String pointer = at + "/" + i;
      member
          .path("dependencies")
          .valueStream()
          .forEach(
              dep ->
                  keysOf(byId, dep.asString(), bundle, pointer + "/dependencies", problems)
                      .forEach(key -> needs.add(new Reference("", key.id(), Set.of(), null))));
      JsonNode conditions = member.path("dependencyConditions");
      for (int c = 0; c < conditions.size(); c++) {
        JsonNode condition = conditions.get(c);
        List<String> statusIs = strings(condition.at("/status/is"));
        List<String> runtimeIs = strings(condition.at("/runtime/is"));
        keysOf(
                byId,
                condition.path("ResourceId").asString(""),
                bundle,
                pointer + "/dependencyConditions/" + c + "/ResourceId",
                problems)
            .forEach(key -> waits.add(new Condition(key, statusIs, runtimeIs)));
      }
      for (Resource resource : byId.getOrDefault(member.path("id").asString(""), List.of())) {
        members.add(resource.withMembership(needs, waits));
      }
    }
    return new Expansion(members, problems, warnings, memberFiles);
  }

  private List<Resource> members(
      Resource bundle,
      JsonNode member,
      String pointer,
      List<Problem> problems,
      Map<String, String> memberFiles) {
    String workspace =
        member.path("workspace").isString() ? member.get("workspace").asString() : null;
    if (member.path("spec").isObject()) {
      Origin origin = bundle.origin();
      Map<String, Integer> lines = new HashMap<>();
      String prefix = pointer + "/spec";
      origin
          .fieldLines()
          .forEach(
              (p, line) -> {
                if (p.startsWith(prefix + "/")) {
                  lines.put(p.substring(prefix.length()), line);
                }
              });
      return create(
              origin.file(), origin.lineOf(prefix), member.get("spec"), lines, workspace, problems)
          .map(List::of)
          .orElse(List.of());
    }
    String reference = member.path("file").asString("");
    FileReferences.Resolved resolved = files.resolve(bundle.origin().file(), reference);
    if (!resolved.ok()) {
      problems.add(bundle.origin().problem(pointer + "/file", resolved.problem()));
      return List.of();
    }
    memberFiles.put(resolved.file().path(), resolved.file().blobId());
    ParsedFile parsed = parseFile.apply(resolved.file().path(), resolved.file());
    problems.addAll(parsed.problems());
    List<Resource> out = new ArrayList<>();
    for (Resource resource : parsed.resources()) {
      if (workspace == null
          || resource.type().scope() != Scope.WORKSPACE
          || workspace.equals(resource.workspace())) {
        out.add(resource);
      } else {
        create(
                resource.origin().file(),
                resource.origin().line(),
                resource.manifest(),
                resource.origin().fieldLines(),
                workspace,
                problems)
            .ifPresent(out::add);
      }
    }
    return out;
  }

  private Optional<Resource> create(
      String file,
      int line,
      JsonNode tree,
      Map<String, Integer> lines,
      String workspace,
      List<Problem> problems) {
    ObjectNode manifest = (ObjectNode) tree.deepCopy();
    if (workspace != null && !manifest.has("apiVersion")) {
      manifest.put("workspace", workspace);
    }
    ResourceFactory.Outcome outcome = factory.create(file, new YamlDocument(line, manifest, lines));
    if (outcome instanceof ResourceFactory.Unidentified bad) {
      problems.add(bad.problem());
      return Optional.empty();
    }
    Resource made = ((ResourceFactory.Made) outcome).resource();
    // an instance-level member given a workspace keeps none: workspace applies to workspace-level
    // types
    if (made.type().scope() != Scope.WORKSPACE && workspace != null) {
      manifest.remove("workspace");
      made =
          ((ResourceFactory.Made) factory.create(file, new YamlDocument(line, manifest, lines)))
              .resource();
    }
    return Optional.of(made);
  }

  private static List<ResourceKey> keysOf(
      Map<String, List<Resource>> byId,
      String id,
      Resource bundle,
      String pointer,
      List<Problem> problems) {
    if (!byId.containsKey(id)) {
      problems.add(
          bundle
              .origin()
              .problem(
                  pointer,
                  "no member '"
                      + id
                      + "' in this bundle (members: "
                      + String.join(", ", byId.keySet())
                      + ")"));
      return List.of();
    }
    return byId.get(id).stream().map(Resource::key).toList();
  }

  private static List<String> strings(JsonNode list) {
    return list.valueStream().map(JsonNode::asString).toList();
  }
}
