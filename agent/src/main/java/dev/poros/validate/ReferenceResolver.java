package dev.poros.validate;

import dev.poros.model.Reference;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.ResourceType;
import dev.poros.model.Scope;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Finds the resource a reference names among the resources a commit declares. */
final class ReferenceResolver {
  private final Map<ResourceKey, Resource> byKey;
  private final Map<String, List<Resource>> byName;

  ReferenceResolver(Collection<Resource> resources) {
    this.byKey =
        resources.stream()
            .collect(Collectors.toMap(Resource::key, Function.identity(), (a, b) -> a));
    this.byName = resources.stream().collect(Collectors.groupingBy(Resource::name));
  }

  /** The key the reference resolves to, or what is wrong with it. */
  sealed interface Resolution permits Found, Unresolved {}

  record Found(ResourceKey key) implements Resolution {}

  record Unresolved(String message) implements Resolution {}

  Resolution resolve(Resource from, Reference reference) {
    if (reference.isId()) {
      ResourceKey key = new ResourceKey(reference.target());
      return byKey.containsKey(key)
          ? new Found(key)
          : new Unresolved("'" + reference.target() + "' is not declared in this commit");
    }
    String workspace = reference.workspace() != null ? reference.workspace() : from.workspace();
    List<Resource> candidates =
        byName.getOrDefault(reference.target(), List.of()).stream()
            .filter(r -> reference.types().isEmpty() || reference.types().contains(r.type()))
            .filter(
                r ->
                    r.type().scope() != Scope.WORKSPACE || Objects.equals(r.workspace(), workspace))
            .filter(r -> !r.key().equals(from.key()) || reference.types().isEmpty())
            .toList();
    if (candidates.size() == 1) {
      return new Found(candidates.get(0).key());
    }
    String what = label(reference) + " '" + reference.target() + "'";
    if (candidates.isEmpty()) {
      String where =
          reference.types().stream().anyMatch(t -> t.scope() == Scope.WORKSPACE)
                  || reference.types().isEmpty()
              ? " (workspace " + workspace + ")"
              : "";
      return new Unresolved(
          what + " is not declared in this commit" + (workspace == null ? "" : where));
    }
    return new Unresolved(
        what
            + " is ambiguous: "
            + candidates.stream().map(r -> r.key().id()).sorted().collect(Collectors.joining(", "))
            + "; write the full id");
  }

  private static String label(Reference reference) {
    if (reference.types().isEmpty()) {
      return "resource";
    }
    return reference.types().stream()
        .map(ResourceType::typeName)
        .sorted()
        .collect(Collectors.joining(" or "));
  }
}
