package dev.poros.load;

import dev.poros.model.Problem;
import dev.poros.model.Resource;
import java.util.List;

/**
 * What one file declares: the resources it was possible to identify, and the problems that kept
 * others from being identified. A file with such problems is not intact: what it used to declare
 * must not be read as deleted.
 */
public record ParsedFile(String path, List<Resource> resources, List<Problem> problems) {
  public ParsedFile {
    resources = List.copyOf(resources);
    problems = List.copyOf(problems);
  }

  public boolean intact() {
    return problems.isEmpty();
  }
}
