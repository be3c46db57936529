package dev.poros.load;

import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
import dev.poros.source.SourceFile;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Which files are part of another resource rather than manifests of their own: a job's spec that a
 * workflow reads with {@code file:} (only plain YAML: a manifest stays a manifest whoever points at
 * it), and a bundle's member file (unless bundles point at each other in a cycle). A file that
 * cannot be read is never a part: read on its own, its problems show and hold deletions back.
 */
final class FileParts {
  private final Set<String> parts;
  private final Map<String, String> cycles;

  private FileParts(Set<String> parts, Map<String, String> cycles) {
    this.parts = parts;
    this.cycles = cycles;
  }

  /** Whether {@code path} is part of another resource, not read as manifests of its own. */
  boolean isPart(String path) {
    return parts.contains(path);
  }

  /** The cycle of bundle member files {@code path} is on ({@code a.yaml → b.yaml → a.yaml}). */
  String cycleThrough(String path) {
    return cycles.get(path);
  }

  static FileParts find(
      Collection<ParsedFile> files,
      FileReferences references,
      Function<SourceFile, ParsedFile> parse) {
    Set<String> parts = new HashSet<>();
    Map<String, List<String>> members = new LinkedHashMap<>();
    for (ParsedFile file : files) {
      for (Resource resource : file.resources()) {
        for (String pointer : filePointers(resource)) {
          FileReferences.Resolved resolved =
              references.resolve(file.path(), resource.manifest().at(pointer).asString());
          if (!resolved.ok()) {
            continue;
          }
          ParsedFile target = parse.apply(resolved.file());
          if (resource.type() == ResourceType.BUNDLE) {
            if (target.intact()) {
              members.computeIfAbsent(file.path(), k -> new ArrayList<>()).add(target.path());
            }
          } else if (target.content() == ParsedFile.Content.PLAIN_YAML) {
            parts.add(target.path());
          }
        }
      }
    }
    Map<String, String> cycles = cycles(members);
    members
        .values()
        .forEach(list -> list.stream().filter(p -> !cycles.containsKey(p)).forEach(parts::add));
    return new FileParts(parts, cycles);
  }

  /** Every file on a cycle of bundle member references, with the cycle as people read it. */
  private static Map<String, String> cycles(Map<String, List<String>> members) {
    Map<String, String> cycles = new HashMap<>();
    for (String start : members.keySet()) {
      Deque<List<String>> paths = new ArrayDeque<>();
      paths.push(List.of(start));
      Set<String> seen = new HashSet<>();
      while (!paths.isEmpty()) {
        List<String> path = paths.pop();
        for (String next : members.getOrDefault(path.get(path.size() - 1), List.of())) {
          if (next.equals(start)) {
            List<String> cycle = new ArrayList<>(path);
            cycle.add(start);
            String text = String.join(" → ", cycle);
            path.forEach(p -> cycles.putIfAbsent(p, text));
          } else if (seen.add(next)) {
            List<String> longer = new ArrayList<>(path);
            longer.add(next);
            paths.push(longer);
          }
        }
      }
    }
    return cycles;
  }

  /** The JSON pointers of a resource's {@code file:} fields: DAG jobs and bundle members. */
  static List<String> filePointers(Resource resource) {
    String list;
    JsonNode items;
    if (resource.type() == ResourceType.WORKFLOW) {
      // every load asks this of every workflow: no pointer parsed, no list made for none
      list = "/workflow/dag";
      items = resource.manifest().path("workflow").path("dag");
    } else if (resource.type() == ResourceType.BUNDLE) {
      list = BundleExpander.membersPointer(resource.manifest());
      items = resource.manifest().at(list);
    } else {
      return List.of();
    }
    List<String> pointers = List.of();
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).path("file").isString()) {
        if (pointers.isEmpty()) {
          pointers = new ArrayList<>();
        }
        pointers.add(list + "/" + i + "/file");
      }
    }
    return pointers;
  }
}
