package dev.poros.apply.kubernetes;

import dev.poros.apply.local.NodeLauncher;
import dev.poros.apply.local.Redactor;
import dev.poros.model.Json;
import dev.poros.model.ObjectRef;
import dev.poros.model.ResourceCondition;
import dev.poros.render.RenderException;
import dev.poros.render.StackTemplates;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs a workflow node's attempt whose stack renders a {@code resourceTemplate} (a
 * SparkApplication, say) as DataOS has Argo run it: creates that object, labelled with the run, in
 * the workflow's namespace, and judges the stack's conditions on the live object until one decides
 * — the failure condition when any of its requirements holds, the success condition when all of its
 * do (none: done once created). The object's final {@code status} goes to the node's log. The
 * node's objects of earlier runs are deleted when a new run makes its own; the latest stays for
 * inspection.
 */
final class TemplatedObjectLauncher implements NodeLauncher {
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration NO_TIMEOUT_LIMIT = Duration.ofHours(24);

  private final ObjectApplier applier;
  private final String namespace;
  private final Redactor redactor;
  private final Clock clock;

  TemplatedObjectLauncher(ObjectApplier applier, String namespace, Redactor redactor, Clock clock) {
    this.applier = applier;
    this.namespace = namespace;
    this.redactor = redactor;
    this.clock = clock;
  }

  @Override
  public Outcome run(Attempt attempt) throws InterruptedException {
    StackTemplates templates = attempt.job().templates();
    ObjectNode object;
    try {
      object =
          single(new RunParameters(attempt, ZonedDateTime.now(clock)).fill(templates.resource()));
    } catch (RenderException e) {
      return failed(attempt, null, "resourceTemplate: " + e.getMessage());
    }
    Map<String, String> labels = Labels.ofAttempt(attempt);
    ObjectNode labelled = object.withObject("metadata").withObject("labels");
    labels.forEach(labelled::put);
    ObjectRef ref = null;
    try {
      ref = applier.place(object, namespace);
      applier.deleteOthers(
          ref.apiVersion(),
          ref.kind(),
          ref.namespace(),
          Map.of(
              Labels.WORKFLOW, labels.get(Labels.WORKFLOW), Labels.NODE, labels.get(Labels.NODE)),
          Map.entry(Labels.RUN, labels.get(Labels.RUN)));
      applier.create(ref, object);
      attempt.appendLog("poros: created " + describe(ref));
      return await(attempt, ref, templates);
    } catch (InterruptedException stopped) {
      if (ref != null) {
        applier.delete(ref);
      }
      throw stopped;
    } catch (ObjectApplier.Refused e) {
      return failed(attempt, null, e.getMessage());
    } catch (KubernetesClientException e) {
      return failed(attempt, null, ObjectApplier.describe(e));
    }
  }

  private Outcome await(Attempt attempt, ObjectRef ref, StackTemplates templates)
      throws InterruptedException {
    Duration limit = attempt.timeout() == null ? NO_TIMEOUT_LIMIT : attempt.timeout();
    long deadline = System.nanoTime() + limit.toNanos();
    ResourceCondition success = templates.successCondition();
    ResourceCondition failure = templates.failureCondition();
    while (true) {
      JsonNode live = applier.get(ref);
      if (live == null) {
        return failed(attempt, null, describe(ref) + " was deleted before it finished");
      }
      Optional<ResourceCondition.Requirement> failing = failure.anyHolding(live);
      if (failing.isPresent()) {
        logStatus(attempt, live);
        return failed(
            attempt, 1, "failure condition '" + failing.get() + "' holds on " + describe(ref));
      }
      if (success.allHold(live)) {
        logStatus(attempt, live);
        if (!success.isEmpty()) {
          attempt.appendLog("poros: success condition '" + success.text() + "' holds");
        }
        return new Outcome(0, "");
      }
      if (System.nanoTime() > deadline) {
        logStatus(attempt, live);
        applier.delete(ref);
        return failed(
            attempt,
            null,
            describe(ref) + " did not meet its success condition within " + limit + "; deleted");
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static Outcome failed(Attempt attempt, Integer exitCode, String message) {
    attempt.appendLog("poros: " + message);
    return new Outcome(exitCode, message);
  }

  private void logStatus(Attempt attempt, JsonNode live) {
    if (!live.path("status").isObject()) {
      return;
    }
    attempt.appendLog("poros: status:");
    for (String line : Json.YAML.writeValueAsString(live.get("status")).split("\n")) {
      if (!line.isBlank() && !line.equals("---")) {
        attempt.appendLog("  " + redactor.redact(line));
      }
    }
  }

  private static String describe(ObjectRef ref) {
    return ref.kind()
        + " "
        + (ref.namespace().isEmpty() ? "" : ref.namespace() + "/")
        + ref.name()
        + " ("
        + ref.apiVersion()
        + ")";
  }

  /** The rendered template's one object. */
  private static ObjectNode single(String text) {
    List<ObjectNode> objects = StackTemplates.objects(text);
    if (objects.size() != 1) {
      throw new RenderException("must render to one object, not " + objects.size());
    }
    return objects.get(0);
  }
}
