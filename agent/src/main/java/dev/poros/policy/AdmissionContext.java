package dev.poros.policy;

import dev.poros.model.RecordedResource;
import dev.poros.model.ResourceKey;
import java.util.Map;

/**
 * What policies see besides the resource: the recorded resources (for {@code oldResource} and
 * {@code oldObject}), the commit ({@code sha}, {@code author}, {@code message}, {@code branch}) and
 * the repository ({@code name}, {@code url}); where clean verdicts are remembered, and what
 * runnables become under the executor.
 */
public record AdmissionContext(
    Map<ResourceKey, RecordedResource> recorded,
    Map<String, Object> commit,
    Map<String, Object> repository,
    ClearedVerdicts cleared,
    RenderedObjects objects) {

  public AdmissionContext {
    recorded = Map.copyOf(recorded);
    commit = Map.copyOf(commit);
    repository = Map.copyOf(repository);
  }

  /** A context that remembers no verdicts beyond its engine: offline checks and fixtures. */
  public AdmissionContext(
      Map<ResourceKey, RecordedResource> recorded,
      Map<String, Object> commit,
      Map<String, Object> repository) {
    this(recorded, commit, repository, ClearedVerdicts.NONE, RenderedObjects.NONE);
  }

  /** The commit's id: a verdict that reads the commit depends on no more than this. */
  String commitSha() {
    return String.valueOf(commit.get("sha"));
  }

  /** The repository, as one string: verdicts are kept per repository. */
  String repositoryUrl() {
    return repository.get("name") + " " + repository.get("url");
  }

  /** A commit as policies see it. */
  public static Map<String, Object> commit(
      String sha, String author, String message, String branch) {
    return Map.of("sha", sha, "author", author, "message", message, "branch", branch);
  }

  /** A repository as policies see it. */
  public static Map<String, Object> repository(String name, String url) {
    return Map.of("name", name, "url", url);
  }
}
