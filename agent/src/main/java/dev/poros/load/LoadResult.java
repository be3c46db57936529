package dev.poros.load;

import dev.poros.model.Problem;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every file of a snapshot, parsed, and the problems of resources found while loading them (a
 * {@code file:} reference that does not resolve, say).
 */
public record LoadResult(List<ParsedFile> files, Map<ResourceKey, List<Problem>> resourceProblems) {
  public LoadResult {
    files = List.copyOf(files);
    resourceProblems = Map.copyOf(resourceProblems);
  }

  public LoadResult(List<ParsedFile> files) {
    this(files, Map.of());
  }

  public List<Resource> resources() {
    return files.stream().flatMap(f -> f.resources().stream()).toList();
  }

  /** Problems that kept a document from becoming a resource. */
  public List<Problem> problems() {
    return files.stream().flatMap(f -> f.problems().stream()).toList();
  }

  /** Files some of whose documents could not be identified. */
  public Set<String> brokenFiles() {
    return files.stream()
        .filter(f -> !f.intact())
        .map(ParsedFile::path)
        .collect(Collectors.toSet());
  }
}
