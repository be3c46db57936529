package dev.poros.validate;

import dev.poros.load.LoadResult;
import dev.poros.model.DependencyGraph;
import dev.poros.model.DesiredState;
import dev.poros.model.Problem;
import dev.poros.model.Reference;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.ResourceType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Judges a loaded commit: a resource is fit to apply when its identity is unique, its manifest fits
 * its schema (and a runnable's {@code stackSpec} its stack's), everything it references exists and
 * it is on no dependency cycle.
 */
public final class Validator {
  private final SchemaCheck schemas;
  private final StackCheck stacks = new StackCheck();

  /**
   * Why each cron expression seen is wrong ("" when it is right): every sync checks every
   * workflow's schedule, and repositories repeat a few expressions thousands of times.
   */
  private final Map<String, String> cronVerdicts = new ConcurrentHashMap<>();

  public Validator(SchemaCheck schemas) {
    this.schemas = schemas;
  }

  private static final String UNDOCUMENTED_VERSION = "v1beta1";

  /** Judges {@code loaded} on its own, with no built-in or recorded resources to refer to. */
  public DesiredState validate(LoadResult loaded) {
    return validate(loaded, List.of(), List.of());
  }

  /**
   * @param builtIn resources that exist without being declared (overridden by a declared twin)
   * @param recorded what is recorded as live: a reference to one of these that the commit no longer
   *     declares holds it back from pruning, and is reported as such in {@link
   *     DesiredState#stillUsed()}
   */
  public DesiredState validate(LoadResult loaded, List<Resource> builtIn, List<Resource> recorded) {
    Map<ResourceKey, List<Problem>> problems = new HashMap<>();
    Map<ResourceKey, Resource> unique = unique(loaded.resources(), problems);
    loaded.resourceProblems().forEach((key, found) -> add(problems, key, found));
    ReferenceResolver resolver = new ReferenceResolver(unique.values(), builtIn, recorded);
    Map<ResourceKey, Set<ResourceKey>> stillUsed = new HashMap<>();
    Map<ResourceKey, Map<ResourceKey, String>> edges = new HashMap<>();
    for (Resource resource : unique.values()) {
      judge(resource, resolver, problems, stillUsed, edges);
    }
    Map<ResourceKey, Set<ResourceKey>> needs = new HashMap<>();
    edges.forEach((key, targets) -> needs.put(key, Set.copyOf(targets.keySet())));
    reportCycles(new DependencyGraph(needs), unique, edges, problems);
    Map<ResourceKey, DesiredState.Rejection> rejected = new HashMap<>();
    problems.forEach(
        (key, list) -> rejected.put(key, new DesiredState.Rejection(unique.get(key), list)));
    List<Resource> fit =
        unique.values().stream().filter(r -> !rejected.containsKey(r.key())).toList();
    return new DesiredState(
        fit,
        needs,
        rejected,
        loaded.brokenFiles(),
        loaded.problems(),
        stillUsed,
        withVersionWarnings(loaded.warnings(), unique.values()),
        List.of(),
        List.of());
  }

  /**
   * What {@code only} — resources of a commit that {@code index} serves — need and what is wrong
   * with them, judged as {@link #validate} would with nothing leaving: for a commit that changed
   * only these resources' content since a clean verdict (the others' verdicts stand). No cycle is
   * searched for: the caller knows the edges it changed.
   */
  public Partial validateOnly(Index index, Collection<Resource> only) {
    Map<ResourceKey, List<Problem>> problems = new HashMap<>();
    ReferenceResolver resolver = index.resolver;
    Map<ResourceKey, Set<ResourceKey>> stillUsed = new HashMap<>();
    Map<ResourceKey, Map<ResourceKey, String>> edges = new HashMap<>();
    for (Resource resource : only) {
      judge(resource, resolver, problems, stillUsed, edges);
    }
    Map<ResourceKey, Set<ResourceKey>> needs = new HashMap<>();
    edges.forEach((key, targets) -> needs.put(key, Set.copyOf(targets.keySet())));
    return new Partial(needs, problems, withVersionWarnings(List.of(), only));
  }

  /**
   * Resources as references look them up: {@code all} (unique identities) and {@code builtIn}, with
   * nothing leaving. It serves commits with the same identities and the same stacks (a reference
   * resolves by identity, or among stacks by what they declare), whatever else their content.
   */
  public static Index index(Collection<Resource> all, List<Resource> builtIn) {
    return new Index(new ReferenceResolver(all, builtIn, List.of()));
  }

  /** See {@link #index}. */
  public static final class Index {
    private final ReferenceResolver resolver;

    private Index(ReferenceResolver resolver) {
      this.resolver = resolver;
    }

    /**
     * The index of a commit that declares {@code added} besides and no longer {@code removed} (new
     * identities, none overriding a built-in), made from this one's lookups.
     */
    public Index changed(Collection<Resource> added, Set<ResourceKey> removed) {
      return added.isEmpty() && removed.isEmpty()
          ? this
          : new Index(resolver.changed(added, removed));
    }

    /** The commit's resources and the built-ins named {@code name}. */
    public List<Resource> named(String name) {
      return resolver.named(name);
    }
  }

  /** What some resources need, and their problems and warnings (see {@link #validateOnly}). */
  public record Partial(
      Map<ResourceKey, Set<ResourceKey>> needs,
      Map<ResourceKey, List<Problem>> problems,
      List<Problem> warnings) {}

  /**
   * Checks {@code resource} on its own (schema, stack, schedule) and resolves its references:
   * problems to {@code problems}, what it needs to {@code edges} (with the pointer of each), and
   * what it uses that is leaving to {@code stillUsed}.
   */
  private void judge(
      Resource resource,
      ReferenceResolver resolver,
      Map<ResourceKey, List<Problem>> problems,
      Map<ResourceKey, Set<ResourceKey>> stillUsed,
      Map<ResourceKey, Map<ResourceKey, String>> edges) {
    add(problems, resource.key(), schemas.check(resource));
    if (resource.type() == ResourceType.STACK) {
      add(problems, resource.key(), stacks.checkStack(resource));
    }
    add(problems, resource.key(), cronProblems(resource));
    Map<ResourceKey, String> targets = new LinkedHashMap<>();
    for (Reference reference : resource.references()) {
      ReferenceResolver.Resolution resolution = resolver.resolve(resource, reference);
      if (reference.optional()
          && !(resolution instanceof ReferenceResolver.Found found && !found.leaving())) {
        continue; // a mention of what is not (or no longer) declared: nothing to need
      }
      if (resolution instanceof ReferenceResolver.Found found) {
        targets.putIfAbsent(found.target().key(), reference.pointer());
        if (found.leaving()) {
          stillUsed.computeIfAbsent(found.target().key(), k -> new TreeSet<>()).add(resource.key());
        }
        if (found.target().type() == ResourceType.STACK) {
          add(
              problems,
              resource.key(),
              stacks.checkStackSpec(resource, reference.pointer(), found.target()));
        }
      } else if (resolution instanceof ReferenceResolver.Unresolved unresolved) {
        add(
            problems,
            resource.key(),
            List.of(resource.origin().problem(reference.pointer(), unresolved.message())));
      }
    }
    edges.put(resource.key(), targets);
  }

  /**
   * {@code warnings} and one for each resource whose version is {@code v1beta1}: DataOS's own
   * examples write it though its reference lists {@code v1beta}; accepted, as written, with a word.
   */
  private static List<Problem> withVersionWarnings(
      List<Problem> warnings, Collection<Resource> resources) {
    List<Problem> all = new ArrayList<>(warnings);
    for (Resource resource : resources) {
      if (UNDOCUMENTED_VERSION.equals(resource.version())) {
        all.add(
            resource
                .origin()
                .problem(
                    "/version",
                    "v1beta1 is not a version DataOS documents (v1, v1beta, v1alpha, v2alpha):"
                        + " accepted as written; the documented spelling is v1beta"));
      }
    }
    return all.size() == warnings.size() ? warnings : all;
  }

  private static Map<ResourceKey, Resource> unique(
      List<Resource> resources, Map<ResourceKey, List<Problem>> problems) {
    Map<ResourceKey, Resource> unique = new LinkedHashMap<>();
    resources.stream()
        .collect(Collectors.groupingBy(Resource::key, LinkedHashMap::new, Collectors.toList()))
        .forEach(
            (key, declared) -> {
              unique.put(key, declared.get(0));
              if (declared.size() > 1) {
                add(problems, key, duplicates(declared));
              }
            });
    return unique;
  }

  private static void reportCycles(
      DependencyGraph graph,
      Map<ResourceKey, Resource> unique,
      Map<ResourceKey, Map<ResourceKey, String>> edges,
      Map<ResourceKey, List<Problem>> problems) {
    for (List<ResourceKey> cycle : graph.cycles()) {
      String path =
          cycle.stream().map(ResourceKey::id).collect(Collectors.joining(" → "))
              + " → "
              + cycle.get(0).id();
      for (int i = 0; i < cycle.size(); i++) {
        Resource resource = unique.get(cycle.get(i));
        String pointer = edges.get(resource.key()).get(cycle.get((i + 1) % cycle.size()));
        add(
            problems,
            resource.key(),
            List.of(resource.origin().problem(pointer, "dependency cycle: " + path)));
      }
    }
  }

  private List<Problem> cronProblems(Resource resource) {
    String pointer = "/workflow/schedule/cron";
    if (resource.type() != ResourceType.WORKFLOW || !resource.manifest().at(pointer).isString()) {
      return List.of();
    }
    String why =
        cronVerdicts.computeIfAbsent(
            resource.manifest().at(pointer).asString(), Validator::cronError);
    return why.isEmpty() ? List.of() : List.of(resource.origin().problem(pointer, why));
  }

  private static String cronError(String cron) {
    try {
      Crons.toQuartz(cron);
      return "";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static void add(
      Map<ResourceKey, List<Problem>> problems, ResourceKey key, List<Problem> found) {
    if (!found.isEmpty()) {
      problems.computeIfAbsent(key, k -> new ArrayList<>()).addAll(found);
    }
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
}
