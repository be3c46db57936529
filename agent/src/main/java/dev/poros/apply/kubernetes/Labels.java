package dev.poros.apply.kubernetes;

import dev.poros.apply.local.NodeLauncher;
import dev.poros.model.Hashes;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels and annotations Poros puts on every object it applies, and reads back. */
final class Labels {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String POROS = "poros";

  /** A label-safe form of the resource id, for selecting a resource's objects. */
  static final String RESOURCE = "poros.dev/resource";

  /** The full resource id. */
  static final String RESOURCE_ID = "poros.dev/resource-id";

  /** The commit the object was last applied at. */
  static final String COMMIT = "poros.dev/commit";

  /** {@code "true"}: an object someone else made may be taken over. */
  static final String ADOPT = "poros.dev/adopt";

  /** {@code "true"}: an immutable-field change deletes and creates the object again. */
  static final String FORCE = "poros.dev/force";

  /** {@code disabled}: the object is left in place when its resource no longer renders it. */
  static final String PRUNE = "poros.dev/prune";

  /** The workflow, run and node a run's Job or object belongs to. */
  static final String WORKFLOW = "poros.dev/workflow";

  static final String RUN = "poros.dev/run";
  static final String NODE = "poros.dev/node";

  private Labels() {}

  /** The labels of what one attempt of a workflow's node makes on the cluster. */
  static Map<String, String> ofAttempt(NodeLauncher.Attempt attempt) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(WORKFLOW, labelSafe(attempt.workflow()));
    labels.put(RUN, Long.toString(attempt.runId()));
    labels.put(NODE, labelSafe(attempt.node()));
    return labels;
  }

  /**
   * A label value for {@code id}: at most 63 characters of {@code [A-Za-z0-9-_.]} that start and
   * end alphanumeric; a long or unusual id keeps a readable head and gets a hash of the whole.
   */
  static String labelSafe(String id) {
    String safe = id.replaceAll("[^A-Za-z0-9_.-]", ".");
    if (safe.length() > 63 || !safe.equals(id)) {
      String head = safe.length() > 50 ? safe.substring(0, 50) : safe;
      safe = head + "-" + Hashes.sha256(id).substring(0, 10);
    }
    return safe.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
  }
}
