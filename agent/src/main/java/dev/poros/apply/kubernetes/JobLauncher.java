package dev.poros.apply.kubernetes;

import dev.poros.apply.local.NodeLauncher;
import dev.poros.apply.local.Redactor;
import dev.poros.model.Json;
import dev.poros.render.Placement;
import dev.poros.store.RunStore;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs a workflow node's attempt as a Kubernetes Job ({@code backoffLimit: 0}: retries are the
 * DAG's), its environment in a Secret the Job owns, its timeout as the Job's deadline; waits for it
 * to complete or fail, copies its pod's log (secrets masked) into the node's log, and reports the
 * container's exit code. Finished Jobs are cleaned up by the cluster an hour later.
 */
final class JobLauncher implements NodeLauncher {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration NO_TIMEOUT_LIMIT = Duration.ofHours(24);

  private final KubernetesClient client;
  private final String namespace;
  private final String shellImage;
  private final Redactor redactor;

  JobLauncher(KubernetesClient client, String shellImage, String namespace, Redactor redactor) {
    this.client = client;
    this.namespace = namespace;
    this.shellImage = shellImage;
    this.redactor = redactor;
  }

  @Override
  public Outcome run(Attempt attempt) throws InterruptedException {
    String name = jobName(attempt);
    try {
      Job job =
          client
              .batch()
              .v1()
              .jobs()
              .inNamespace(namespace)
              .resource(placed(job(name, attempt), attempt.job().placement()))
              .create();
      environment(name, job, attempt);
      Job done = awaitEnd(name, attempt);
      if (done == null && attempt.stopAsked().getAsBoolean()) {
        delete(name);
        attempt.appendLog("poros: " + RunStore.STOPPED);
        return new Outcome(null, RunStore.STOPPED);
      }
      Pod pod = pod(name);
      copyLog(pod, attempt);
      Integer exitCode = exitCode(pod);
      if (done == null) {
        return new Outcome(null, "job " + name + " did not end in time");
      }
      boolean failed = condition(done, "Failed");
      if (!failed) {
        return new Outcome(exitCode == null ? 0 : exitCode, "");
      }
      return new Outcome(
          exitCode == null || exitCode == 0 ? 1 : exitCode,
          "job " + name + " failed: " + reason(done));
    } catch (InterruptedException stopped) {
      delete(name);
      throw stopped;
    } catch (KubernetesClientException e) {
      attempt.appendLog("poros: " + ObjectApplier.describe(e));
      return new Outcome(null, ObjectApplier.describe(e));
    }
  }

  private Job job(String name, Attempt attempt) {
    List<String> command = attempt.job().command();
    String image = attempt.job().image().isEmpty() ? shellImage : attempt.job().image();
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .addToLabels(Labels.ofAttempt(attempt))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withTtlSecondsAfterFinished(3600)
        .withActiveDeadlineSeconds(
            attempt.timeout() == null ? null : Math.max(1, attempt.timeout().toSeconds()))
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels(Labels.RUN, Long.toString(attempt.runId()))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("main")
        .withImage(image)
        .withCommand(command.isEmpty() ? null : command)
        .addNewEnvFrom()
        .withNewSecretRef()
        .withName(name)
        .endSecretRef()
        .endEnvFrom()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** {@code job} with its pods where the node's compute says. */
  private Job placed(Job job, Placement placement) {
    if (placement.nodeSelector() == null && placement.tolerations() == null) {
      return job;
    }
    ObjectNode json = (ObjectNode) Json.parse(client.getKubernetesSerialization().asJson(job));
    placement.applyTo((ObjectNode) json.at("/spec/template/spec"));
    return client.getKubernetesSerialization().unmarshal(Json.canonical(json), Job.class);
  }

  /** The attempt's environment as a Secret the Job owns: it goes when the Job goes. */
  private void environment(String name, Job job, Attempt attempt) {
    Map<String, String> data = new LinkedHashMap<>();
    attempt
        .job()
        .environment()
        .forEach(
            (k, v) ->
                data.put(
                    k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("batch/v1")
                        .withKind("Job")
                        .withName(name)
                        .withUid(job.getMetadata().getUid())
                        .build())
                .endMetadata()
                .withData(data)
                .build())
        .create();
  }

  private void delete(String name) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withName(name)
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
  }

  /**
   * The Job once Complete or Failed, or null when it outlives its timeout or its run is asked to
   * stop.
   */
  private Job awaitEnd(String name, Attempt attempt) throws InterruptedException {
    Duration timeout = attempt.timeout();
    Duration limit = timeout == null ? NO_TIMEOUT_LIMIT : timeout.plusMinutes(2);
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline && !attempt.stopAsked().getAsBoolean()) {
      Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
      if (job != null && (condition(job, "Complete") || condition(job, "Failed"))) {
        return job;
      }
      Thread.sleep(POLL.toMillis());
    }
    return null;
  }

  private static boolean condition(Job job, String type) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String reason(Job job) {
    return job.getStatus().getConditions().stream()
        .filter(c -> "Failed".equals(c.getType()))
        .map(c -> c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage()))
        .findFirst()
        .orElse("");
  }

  private Pod pod(String job) {
    List<Pod> pods =
        client.pods().inNamespace(namespace).withLabel("job-name", job).list().getItems();
    return pods.isEmpty() ? null : pods.get(0);
  }

  private static Integer exitCode(Pod pod) {
    if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> s.getState() != null && s.getState().getTerminated() != null)
        .map(s -> s.getState().getTerminated().getExitCode())
        .findFirst()
        .orElse(null);
  }

  /** The pod's output, as the cluster's log API serves it, masked, into the node's log. */
  private void copyLog(Pod pod, Attempt attempt) {
    if (pod == null) {
      attempt.appendLog("poros: the job's pod is gone; no log");
      return;
    }
    try {
      String log =
          client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).getLog();
      for (String line : log.split("\n", -1)) {
        if (!line.isEmpty()) {
          attempt.appendLog(redactor.redact(line));
        }
      }
    } catch (KubernetesClientException e) {
      attempt.appendLog("poros: no log from the cluster (" + ObjectApplier.describe(e) + ")");
    }
  }

  /** {@code WORKFLOW-NODE-RUN-ATTEMPT}, as a valid object name (63 characters at most). */
  static String jobName(Attempt attempt) {
    String tail = "-" + attempt.runId() + "-" + attempt.number();
    String head =
        (attempt.workflow() + "-" + attempt.node())
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]", "-");
    if (head.length() + tail.length() > 63) {
      head = head.substring(0, 63 - tail.length());
    }
    return (head + tail).replaceAll("^-+", "").replaceAll("-{2,}", "-");
  }
}
