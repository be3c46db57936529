package dev.poros.apply.local;

import dev.poros.render.RenderedJob;
import java.time.Duration;
import java.util.List;

/**
 * One node of a workflow's DAG: its job, the nodes it waits for, its timeout (null: none) and
 * retries.
 */
record DagNode(
    String name,
    List<String> dependencies,
    RenderedJob job,
    Duration timeout,
    int retries,
    String workingDir) {
  DagNode {
    dependencies = List.copyOf(dependencies);
  }
}
