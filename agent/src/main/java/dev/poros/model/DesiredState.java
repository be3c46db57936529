package dev.poros.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What a commit declares, judged: the resources fit to apply, what each needs (resolved
 * references), the resources rejected with their problems, and the files that could not be read
 * whole — whose earlier resources must therefore be left as they are — and the recorded resources
 * the commit no longer declares but still uses (each with its users), which must not be pruned; and
 * warnings, which fail nothing: the loader's and validator's, and apart from them the admission
 * policies' (which a commit synced again would find again, so they do not unsettle a sync); and the
 * admission policies' audit findings, which are only recorded.
 */
public record DesiredState(
    List<Resource> resources,
    Map<ResourceKey, Set<ResourceKey>> needs,
    Map<ResourceKey, Rejection> rejected,
    Set<String> brokenFiles,
    List<Problem> fileProblems,
    Map<ResourceKey, Set<ResourceKey>> stillUsed,
    List<Problem> warnings,
    List<Problem> policyWarnings,
    List<Problem> policyAudits) {

  public DesiredState {
    resources = List.copyOf(resources);
    needs = AmendedMap.copyOf(needs); // (a change's: the settled needs amended, not copied)
    rejected = Map.copyOf(rejected);
    brokenFiles = Set.copyOf(brokenFiles);
    fileProblems = List.copyOf(fileProblems);
    stillUsed = Map.copyOf(stillUsed);
    warnings = List.copyOf(warnings);
    policyWarnings = List.copyOf(policyWarnings);
    policyAudits = List.copyOf(policyAudits);
  }

  /** A verdict with every one of {@code resources} fit, nothing rejected, held or warned of. */
  public static DesiredState fit(
      List<Resource> resources, Map<ResourceKey, Set<ResourceKey>> needs) {
    return new DesiredState(
        resources, needs, Map.of(), Set.of(), List.of(), Map.of(), List.of(), List.of(), List.of());
  }

  /**
   * This verdict judged again: {@code resources} fit to apply, {@code rejected} not, with {@code
   * policyWarnings} and {@code policyAudits}; the rest as it is.
   */
  public DesiredState judged(
      List<Resource> resources,
      Map<ResourceKey, Rejection> rejected,
      List<Problem> policyWarnings,
      List<Problem> policyAudits) {
    return new DesiredState(
        resources,
        needs,
        rejected,
        brokenFiles,
        fileProblems,
        stillUsed,
        warnings,
        policyWarnings,
        policyAudits);
  }

  /**
   * What each of its resources was validated against — what its references resolved to — looked up
   * among its own resources first, then among {@code available}.
   */
  public Function<Resource, List<Resource>> neededAmong(List<Resource> available) {
    Map<ResourceKey, Resource> all = new HashMap<>();
    available.forEach(r -> all.putIfAbsent(r.key(), r));
    resources.forEach(r -> all.put(r.key(), r));
    return resource ->
        needs.getOrDefault(resource.key(), Set.of()).stream()
            .map(all::get)
            .filter(Objects::nonNull)
            .toList();
  }

  /**
   * The files it found something wrong in: those that could not be read, and those of its problems
   * and of the loader's and validator's warnings (the policies' are part of each resource's
   * verdict).
   */
  public Set<String> troubledFiles() {
    Set<String> files = new java.util.HashSet<>(brokenFiles);
    problems().forEach(p -> files.add(p.file()));
    warnings.forEach(p -> files.add(p.file()));
    return files;
  }

  /** Every warning: the loader's and validator's, then the policies'. */
  public List<Problem> allWarnings() {
    if (policyWarnings.isEmpty()) {
      return warnings;
    }
    ArrayList<Problem> all = new ArrayList<>(warnings);
    all.addAll(policyWarnings);
    return all;
  }

  /** A resource that is declared but may not be applied, and why. */
  public record Rejection(Resource resource, List<Problem> problems) {
    public Rejection {
      problems = List.copyOf(problems);
    }

    public String message() {
      return String.join("; ", problems.stream().map(Problem::toString).toList());
    }
  }

  /** Every problem of the commit, files first, in file and line order. */
  public List<Problem> problems() {
    ArrayList<Problem> all = new ArrayList<>(fileProblems);
    rejected.values().forEach(r -> all.addAll(r.problems()));
    all.sort(
        Comparator.comparing(Problem::file)
            .thenComparingInt(Problem::line)
            .thenComparing(Problem::field));
    return all.stream().distinct().toList();
  }
}
