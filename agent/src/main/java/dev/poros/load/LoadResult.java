package dev.poros.load;

import dev.poros.model.Problem;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot, loaded: how many files it has and how many of them had to be parsed (the others were
 * known already), its resources (bundles expanded into their members), the problems that kept
 * documents from becoming resources, the files with such problems (their earlier resources must not
 * be read as deleted), the problems of resources found while loading (a {@code file:} that does not
 * resolve), and warnings that fail nothing.
 */
public record LoadResult(
    int fileCount,
    int filesParsed,
    List<Resource> resources,
    List<Problem> problems,
    Set<String> brokenFiles,
    Map<ResourceKey, List<Problem>> resourceProblems,
    List<Problem> warnings) {

  public LoadResult {
    resources = List.copyOf(resources);
    problems = List.copyOf(problems);
    brokenFiles = Set.copyOf(brokenFiles);
    resourceProblems = Map.copyOf(resourceProblems);
    warnings = List.copyOf(warnings);
  }
}
