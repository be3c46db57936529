package dev.poros.load;

import dev.poros.model.Problem;
import dev.poros.model.Resource;
import java.util.List;

/**
 * What one file declares: the resources it was possible to identify, the problems that kept others
 * from being identified, and what kind of content it holds. A file with such problems is not
 * intact: what it used to declare must not be read as deleted.
 */
public record ParsedFile(
    String path, List<Resource> resources, List<Problem> problems, Content content) {

  /** What a file holds, as far as reading it told. */
  public enum Content {
    /** Not read as YAML: a syntax error, or too large to read. */
    UNREADABLE,
    /**
     * At least one document is a manifest: it has {@code type}, or {@code apiVersion} + {@code
     * kind}.
     */
    MANIFESTS,
    /**
     * YAML with no manifest in it, such as a job's spec that a workflow reads with {@code file:}.
     */
    PLAIN_YAML
  }

  public ParsedFile {
    resources = List.copyOf(resources);
    problems = List.copyOf(problems);
  }

  /** A file that could not be read at all, and why. */
  static ParsedFile unreadable(String path, Problem problem) {
    return new ParsedFile(path, List.of(), List.of(problem), Content.UNREADABLE);
  }

  public boolean intact() {
    return problems.isEmpty();
  }
}
