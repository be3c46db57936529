package dev.poros.validate;

import dev.poros.load.LoadResult;
import dev.poros.model.DependencyGraph;
import dev.poros.model.DesiredState;
import dev.poros.model.Problem;
import dev.poros.model.Reference;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges a loaded commit: a resource is fit to apply when its identity is unique, its manifest fits
 * its schema, everything it references is declared and it is on no dependency cycle.
 */
public final class Validator {
  private final SchemaCheck schemas;

  public Validator(SchemaCheck schemas) {
    this.schemas = schemas;
  }

  public DesiredState validate(LoadResult loaded) {
    Map<ResourceKey, List<Problem>> problems = new HashMap<>();
    Map<ResourceKey, Resource> unique = new LinkedHashMap<>();
    Map<ResourceKey, List<Resource>> byKey =
        loaded.resources().stream()
            .collect(Collectors.groupingBy(Resource::key, LinkedHashMap::new, Collectors.toList()));
    byKey.forEach(
        (key, declared) -> {
          unique.put(key, declared.get(0));
          if (declared.size() > 1) {
            problems.computeIfAbsent(key, k -> new ArrayList<>()).addAll(duplicates(declared));
          }
        });
    for (Resource resource : unique.values()) {
      List<Problem> found = schemas.check(resource);
      if (!found.isEmpty()) {
        problems.computeIfAbsent(resource.key(), k -> new ArrayList<>()).addAll(found);
      }
    }
    Map<ResourceKey, Map<ResourceKey, String>> edges = resolveReferences(unique, problems);
    Map<ResourceKey, Set<ResourceKey>> needs = new HashMap<>();
    edges.forEach((key, targets) -> needs.put(key, Set.copyOf(targets.keySet())));
    DependencyGraph graph = new DependencyGraph(needs);
    for (List<ResourceKey> cycle : graph.cycles()) {
      String path =
          cycle.stream().map(ResourceKey::id).collect(Collectors.joining(" → "))
              + " → "
              + cycle.get(0).id();
      for (int i = 0; i < cycle.size(); i++) {
        Resource resource = unique.get(cycle.get(i));
        String pointer = edges.get(resource.key()).get(cycle.get((i + 1) % cycle.size()));
        problems
            .computeIfAbsent(resource.key(), k -> new ArrayList<>())
            .add(resource.origin().problem(pointer, "dependency cycle: " + path));
      }
    }
    Map<ResourceKey, DesiredState.Rejection> rejected = new HashMap<>();
    problems.forEach(
        (key, list) -> rejected.put(key, new DesiredState.Rejection(unique.get(key), list)));
    List<Resource> fit =
        unique.values().stream().filter(r -> !rejected.containsKey(r.key())).toList();
    return new DesiredState(fit, needs, rejected, loaded.brokenFiles(), loaded.problems());
  }

  private static List<Problem> duplicates(List<Resource> declared) {
    List<Problem> found = new ArrayList<>();
    for (Resource resource : declared) {
      String others =
          declared.stream()
              .filter(r -> r != resource)
              .map(r -> r.origin().file() + ":" + r.origin().line())
              .collect(Collectors.joining(", "));
      found.add(
          resource
              .origin()
              .problem(
                  "/name",
                  "duplicate identity " + resource.key().id() + ": also declared at " + others));
    }
    return found;
  }

  /** For each resource, the keys it needs and the field (JSON pointer) that says so. */
  private static Map<ResourceKey, Map<ResourceKey, String>> resolveReferences(
      Map<ResourceKey, Resource> unique, Map<ResourceKey, List<Problem>> problems) {
    ReferenceResolver resolver = new ReferenceResolver(unique.values());
    Map<ResourceKey, Map<ResourceKey, String>> needs = new HashMap<>();
    for (Resource resource : unique.values()) {
      Map<ResourceKey, String> targets = new LinkedHashMap<>();
      for (Reference reference : resource.references()) {
        ReferenceResolver.Resolution resolution = resolver.resolve(resource, reference);
        if (resolution instanceof ReferenceResolver.Found found) {
          targets.putIfAbsent(found.key(), reference.pointer());
        } else if (resolution instanceof ReferenceResolver.Unresolved unresolved) {
          problems
              .computeIfAbsent(resource.key(), k -> new ArrayList<>())
              .add(resource.origin().problem(reference.pointer(), unresolved.message()));
        }
      }
      needs.put(resource.key(), targets);
    }
    return needs;
  }
}
