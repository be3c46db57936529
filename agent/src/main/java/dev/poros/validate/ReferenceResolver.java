package dev.poros.validate;

import dev.poros.model.AmendedMap;
import dev.poros.model.Reference;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.ResourceType;
import dev.poros.model.Scope;
import dev.poros.model.StackRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the resource a reference names. It looks first among what the commit declares together with
 * the built-in resources it does not override, then among what is recorded as live but no longer
 * declared: a reference found only there keeps that resource from being pruned.
 */
final class ReferenceResolver {
  private final Map<ResourceKey, Resource> available;
  private final Map<ResourceKey, Resource> leaving;
  private final List<Tier> tiers;

  /** Resources indexed the ways references look them up; resolving is a lookup, not a scan. */
  private record Tier(
      Map<ResourceKey, Resource> byKey,
      Map<String, List<Resource>> byName,
      Map<String, List<Resource>> stacksByStackName,
      boolean leaving) {
    static Tier of(Map<ResourceKey, Resource> resources, boolean leaving) {
      return new Tier(
          resources,
          resources.values().stream().collect(Collectors.groupingBy(Resource::name)),
          // by the name stacks are referred to by: a reference looks among a few, not all
          resources.values().stream()
              .filter(r -> r.type() == ResourceType.STACK)
              .collect(Collectors.groupingBy(r -> StackRef.of(r).name())),
          leaving);
    }

    List<Resource> stacksNamed(String name) {
      return stacksByStackName.getOrDefault(name, List.of());
    }

    /**
     * This tier over {@code resources} — its own resources with {@code added} and without {@code
     * removed} — its lookups amended where those are ({@link AmendedMap}: neither copied nor
     * grouped again from all).
     */
    Tier changed(
        Map<ResourceKey, Resource> resources,
        Collection<Resource> added,
        Set<ResourceKey> removed) {
      Map<String, List<Resource>> names = new HashMap<>();
      Map<String, List<Resource>> stacks = new HashMap<>();
      for (ResourceKey key : removed) {
        Resource gone = byKey.get(key);
        if (gone != null) {
          listIn(names, byName, gone.name()).remove(gone);
          if (gone.type() == ResourceType.STACK) {
            listIn(stacks, stacksByStackName, StackRef.of(gone).name()).remove(gone);
          }
        }
      }
      for (Resource resource : added) {
        listIn(names, byName, resource.name()).add(resource);
        if (resource.type() == ResourceType.STACK) {
          listIn(stacks, stacksByStackName, StackRef.of(resource).name()).add(resource);
        }
      }
      return new Tier(
          resources, amended(byName, names), amended(stacksByStackName, stacks), leaving);
    }

    /**
     * The list under {@code name} as amended so far ({@code lists}), first copied from {@code
     * lookup}: the old one stays as this tier had it.
     */
    private static List<Resource> listIn(
        Map<String, List<Resource>> lists, Map<String, List<Resource>> lookup, String name) {
      return lists.computeIfAbsent(name, n -> new ArrayList<>(lookup.getOrDefault(n, List.of())));
    }

    /** {@code lookup} with the {@code lists} amended, those emptied removed. */
    private static Map<String, List<Resource>> amended(
        Map<String, List<Resource>> lookup, Map<String, List<Resource>> lists) {
      Map<String, List<Resource>> put = new HashMap<>();
      List<String> emptied = new ArrayList<>();
      lists.forEach(
          (name, list) -> {
            if (list.isEmpty()) {
              emptied.add(name);
            } else {
              put.put(name, list);
            }
          });
      return AmendedMap.of(lookup, put, emptied);
    }
  }

  /**
   * @param declared what the commit declares
   * @param builtIn the built-in resources; those whose identity the commit declares are overridden
   * @param recorded what is recorded as live; those the commit no longer declares are leaving
   */
  ReferenceResolver(
      Collection<Resource> declared, Collection<Resource> builtIn, Collection<Resource> recorded) {
    available = new LinkedHashMap<>();
    leaving = new LinkedHashMap<>();
    declared.forEach(r -> available.putIfAbsent(r.key(), r));
    builtIn.forEach(r -> available.putIfAbsent(r.key(), r));
    recorded.stream()
        .filter(r -> !available.containsKey(r.key()))
        .forEach(r -> leaving.putIfAbsent(r.key(), r));
    tiers = List.of(Tier.of(available, false), Tier.of(leaving, true));
  }

  /** {@code before}, which has nothing leaving, with {@code added} and without {@code removed}. */
  private ReferenceResolver(
      ReferenceResolver before, Collection<Resource> added, Set<ResourceKey> removed) {
    Map<ResourceKey, Resource> put = new HashMap<>();
    added.forEach(r -> put.putIfAbsent(r.key(), r));
    available = AmendedMap.of(before.available, put, removed);
    leaving = Map.of();
    tiers = List.of(before.tiers.get(0).changed(available, added, removed), Tier.of(leaving, true));
  }

  /**
   * This resolver, which has nothing leaving, for a commit that declares {@code added} besides and
   * no longer {@code removed} (new identities, and declared ones that override no built-in): what
   * one made from that commit's resources would resolve, made from this one's lookups.
   */
  ReferenceResolver changed(Collection<Resource> added, Set<ResourceKey> removed) {
    return new ReferenceResolver(this, added, removed);
  }

  /** The resource the reference resolves to, or what is wrong with it. */
  sealed interface Resolution permits Found, Unresolved {}

  /** {@code leaving}: found only among resources this commit removes. */
  record Found(Resource target, boolean leaving) implements Resolution {}

  record Unresolved(String message) implements Resolution {}

  /** The resources of this name that references can find first (not those leaving). */
  List<Resource> named(String name) {
    return tiers.get(0).byName().getOrDefault(name, List.of());
  }

  Optional<Resource> resource(ResourceKey key) {
    return Optional.ofNullable(available.getOrDefault(key, leaving.get(key)));
  }

  Resolution resolve(Resource from, Reference reference) {
    if (reference.types().equals(Set.of(ResourceType.STACK))) {
      return resolveStack(reference);
    }
    if (reference.isId()) {
      ResourceKey key = new ResourceKey(reference.target());
      return find(
          tier -> tier.byKey().containsKey(key) ? List.of(tier.byKey().get(key)) : List.of(),
          r -> true,
          "'" + reference.target() + "' is not declared in this commit",
          reference);
    }
    String workspace = reference.workspace() != null ? reference.workspace() : from.workspace();
    Predicate<Resource> matches =
        r ->
            r.name().equals(reference.target())
                && (reference.types().isEmpty() || reference.types().contains(r.type()))
                && (r.type().scope() != Scope.WORKSPACE || Objects.equals(r.workspace(), workspace))
                && (!r.key().equals(from.key()) || reference.types().isEmpty());
    boolean workspaceScoped =
        reference.types().isEmpty()
            || reference.types().stream().anyMatch(t -> t.scope() == Scope.WORKSPACE);
    String missing =
        label(reference)
            + " '"
            + reference.target()
            + "' is not declared in this commit"
            + (workspace != null && workspaceScoped ? " (workspace " + workspace + ")" : "");
    return find(
        tier -> tier.byName().getOrDefault(reference.target(), List.of()),
        matches,
        missing,
        reference);
  }

  private Resolution find(
      Function<Tier, Collection<Resource>> pool,
      Predicate<Resource> matches,
      String missing,
      Reference reference) {
    for (Tier tier : tiers) {
      List<Resource> candidates = pool.apply(tier).stream().filter(matches).toList();
      if (candidates.size() == 1) {
        return new Found(candidates.get(0), tier.leaving());
      }
      if (candidates.size() > 1) {
        return new Unresolved(
            label(reference)
                + " '"
                + reference.target()
                + "' is ambiguous: "
                + candidates.stream()
                    .map(r -> r.key().id())
                    .sorted()
                    .collect(Collectors.joining(", "))
                + "; write the full id");
      }
    }
    return new Unresolved(missing);
  }

  /**
   * Exact on name and flavor; the named version, or the newest when none is named. A repository's
   * stack wins over a built-in one that declares the same name, flavor and version.
   */
  private Resolution resolveStack(Reference reference) {
    Optional<StackRef> wanted = StackRef.parse(reference.target());
    if (wanted.isEmpty()) {
      return new Unresolved(
          "'" + reference.target() + "' is not a stack reference (name[+flavor][:version])");
    }
    for (Tier tier : tiers) {
      Optional<Resource> best = wanted.get().resolve(tier.stacksNamed(wanted.get().name()));
      if (best.isPresent()) {
        return new Found(best.get(), tier.leaving());
      }
    }
    String known =
        stacks(available.values())
            .map(r -> StackRef.of(r).toString())
            .distinct()
            .sorted()
            .collect(Collectors.joining(", "));
    return new Unresolved(
        "stack '" + reference.target() + "' is not declared (stacks: " + known + ")");
  }

  private static Stream<Resource> stacks(Collection<Resource> resources) {
    return resources.stream().filter(r -> r.type() == ResourceType.STACK);
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
