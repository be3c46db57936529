package dev.poros.apply.kubernetes;

import dev.poros.apply.Executor;
import dev.poros.apply.StepResult;
import dev.poros.apply.local.NodeLauncher;
import dev.poros.apply.local.Redactor;
import dev.poros.apply.local.WorkflowRunner;
import dev.poros.apply.local.Workflows;
import dev.poros.health.HealthChecks;
import dev.poros.health.ObjectHealth;
import dev.poros.model.Action;
import dev.poros.model.Health;
import dev.poros.model.Json;
import dev.poros.model.ObjectRef;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
import dev.poros.model.SecretData;
import dev.poros.model.SecretDigest;
import dev.poros.render.StackRenderer;
import dev.poros.store.InventoryStore;
import dev.poros.store.OwnedObject;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kubernetes executor: renders each resource into objects, applies those whose content changed
 * since the inventory recorded them (an unchanged object costs no write), prunes what the resource
 * no longer renders, and judges the resource as healthy as its least healthy object.
 */
public final class KubernetesExecutor implements Executor {
  public static final String NAME = "kubernetes";

  private final KubernetesClient client;
  private final ObjectRenderer renderer;
  private final ObjectApplier applier;
  private final Pruner pruner;
  private final InventoryStore inventory;
  private final AppliedForm form;
  private final Set<String> namespacesSeen = ConcurrentHashMap.newKeySet();
  private final Reachability reachability = new Reachability();
  private final int parallelism;
  private final Workflows workflows;

  public KubernetesExecutor(
      KubernetesClient client,
      KubernetesSettings settings,
      InventoryStore inventory,
      SecretDigest secretDigest,
      Workflows workflows,
      StackRenderer stacks) {
    this.client = client;
    this.workflows = workflows;
    this.renderer =
        new ObjectRenderer(
            settings.namespace(),
            new RunnableRenderer(settings.shellImage(), secretDigest, stacks));
    this.applier = new ObjectApplier(client, new ApiCatalog(client), settings.forceConflicts());
    this.pruner = new Pruner(applier, inventory);
    this.inventory = inventory;
    this.form = new AppliedForm(secretDigest);
    this.parallelism = settings.parallelism();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int parallelism() {
    return parallelism;
  }

  /**
   * How workflows' nodes run on the cluster, in the workflow's workspace namespace, output masked
   * with the workflow's secrets: each attempt a Job, or the object its stack's {@code
   * resourceTemplate} renders, judged by the stack's conditions.
   */
  public static WorkflowRunner.Launchers jobs(
      KubernetesClient client, KubernetesSettings settings, Clock clock) {
    ObjectApplier applier = new ObjectApplier(client, new ApiCatalog(client), true);
    return (workflow, needed) -> {
      Redactor redactor = Redactor.of(needed);
      NodeLauncher jobs =
          new JobLauncher(client, settings.shellImage(), workflow.workspace(), redactor);
      NodeLauncher objects =
          new TemplatedObjectLauncher(applier, workflow.workspace(), redactor, clock);
      return attempt ->
          attempt.job().templates().resource().isBlank() ? jobs.run(attempt) : objects.run(attempt);
    };
  }

  /**
   * What {@code resource} becomes on the cluster, labelled as applied, for {@code poros render}:
   * every Secret's values {@link SecretData#MASK}ed; without a cluster to ask, a namespaced object
   * that names no namespace shows the one it would get, and so does a kind the server would scope
   * to the cluster. Fails as the step would ({@link IllegalArgumentException}: why).
   */
  public static List<ObjectNode> preview(
      KubernetesSettings settings,
      SecretDigest digest,
      StackRenderer stacks,
      Resource resource,
      List<Resource> needed) {
    return masked(
        new ObjectRenderer(
            settings.namespace(), new RunnableRenderer(settings.shellImage(), digest, stacks)),
        resource,
        needed);
  }

  /** A runnable's objects as {@link #preview} shows them: admission policies check those. */
  @Override
  public List<JsonNode> objectsOf(Resource resource, List<Resource> needed) {
    if (!resource.type().runnable()) {
      return List.of();
    }
    try {
      return List.copyOf(masked(renderer, resource, needed));
    } catch (IllegalArgumentException e) {
      return List.of(); // the step fails with why
    }
  }

  private static List<ObjectNode> masked(
      ObjectRenderer renderer, Resource resource, List<Resource> needed) {
    List<ObjectNode> objects;
    try {
      objects = renderer.render(resource, needed);
    } catch (ObjectRenderer.Unsupported e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    for (ObjectNode object : objects) {
      ObjectNode metadata = object.withObject("metadata");
      if (metadata.path("namespace").asString("").isEmpty()) {
        metadata.put("namespace", renderer.namespaceOf(resource));
      }
      label(object, resource);
      if (ObjectRenderer.holdsSecrets(object) && object.get("data") instanceof ObjectNode data) {
        data.propertyNames().forEach(name -> data.put(name, SecretData.MASK));
      }
    }
    return objects;
  }

  /**
   * Starts a sync that changes something: forgets what earlier syncs saw of the cluster, and fails
   * with one clear line when the cluster cannot be reached or refuses us.
   */
  @Override
  public void preflight() {
    applier.forgetSeen();
    reachability.reset();
    try {
      client.getKubernetesVersion();
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(
          "cluster " + client.getMasterUrl() + ": " + ObjectApplier.describe(e), e);
    }
  }

  @Override
  public StepResult apply(
      Resource desired, RecordedResource previous, List<Resource> needed, String commit) {
    Action done =
        previous == null || previous.hash().isEmpty() ? Action.CREATED : Action.CONFIGURED;
    Optional<String> unreachable = reachability.lost();
    if (unreachable.isPresent()) {
      return StepResult.failed(unreachable.get());
    }
    String key = desired.key().id();
    if (desired.type() == ResourceType.WORKFLOW) {
      // its nodes become Jobs when it runs; they are the run's, not the resource's inventory
      ensureNamespace(renderer.namespaceOf(desired));
      return workflows.apply(desired, needed, done);
    }
    List<ObjectNode> objects;
    try {
      objects = renderer.render(desired, needed);
    } catch (ObjectRenderer.Unsupported e) {
      return StepResult.failed(e.getMessage());
    }
    List<OwnedObject> owned = inventory.of(key);
    Map<ObjectRef, JsonNode> live = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    int written = 0;
    for (ObjectNode object : objects) {
      try {
        ObjectRef ref = applier.place(object, renderer.namespaceOf(desired));
        label(object, desired);
        String hash = form.hash(object);
        OwnedObject known =
            owned.stream().filter(o -> o.ref().sameObject(ref)).findFirst().orElse(null);
        if (known != null && known.hash().equals(hash)) {
          JsonNode current = applier.get(ref);
          if (current != null && form.drift(known, current).isEmpty()) {
            live.put(ref, current);
            continue; // as applied, and still so on the cluster: no write
          }
        }
        ensureNamespace(ref.namespace());
        ((ObjectNode) object.path("metadata")).withObject("annotations").put(Labels.COMMIT, commit);
        inventory.applying(key, ref);
        JsonNode applied = applier.apply(ref, object, key, known != null);
        inventory.applied(
            key,
            ref,
            applied.at("/metadata/uid").asString(""),
            hash,
            Json.canonical(form.of(object)));
        live.put(ref, applied);
        written++;
      } catch (ObjectApplier.Refused e) {
        problems.add(e.getMessage());
      } catch (KubernetesClientException e) {
        reachability.saw(e);
        problems.add(ObjectApplier.describe(e));
      }
    }
    if (!problems.isEmpty()) {
      // what did apply stays in the inventory; the rest is tried again by the next sync
      return StepResult.failed(String.join("; ", problems));
    }
    List<OwnedObject> gone =
        owned.stream()
            .filter(o -> live.keySet().stream().noneMatch(r -> r.sameObject(o.ref())))
            .toList();
    Pruner.Pruned pruned = pruner.prune(key, gone);
    if (!pruned.failed().isEmpty()) {
      return StepResult.failed(String.join("; ", pruned.failed()));
    }
    return new StepResult(
        done, summary(objects.size(), written, pruned), null, health(live.values()));
  }

  @Override
  public StepResult delete(RecordedResource recorded) {
    Optional<String> unreachable = reachability.lost();
    if (unreachable.isPresent()) {
      return StepResult.failed(unreachable.get());
    }
    if (recorded.type().equals(ResourceType.WORKFLOW.typeName())) {
      workflows.remove(recorded.key().id());
    }
    Pruner.Pruned pruned = pruner.prune(recorded.key().id(), inventory.of(recorded.key().id()));
    if (!pruned.failed().isEmpty()) {
      return StepResult.failed(String.join("; ", pruned.failed()));
    }
    String kept =
        pruned.kept().isEmpty()
            ? ""
            : "kept (prune disabled): "
                + String.join(", ", pruned.kept().stream().map(ObjectRef::toString).toList());
    return new StepResult(Action.DELETED, kept, null, Health.MISSING);
  }

  private static String summary(int objects, int written, Pruner.Pruned pruned) {
    if (objects == 0 && pruned.deleted().isEmpty()) {
      return "recorded only: nothing to apply on the cluster for this type";
    }
    StringBuilder text = new StringBuilder(objects + " object(s), " + written + " applied");
    if (!pruned.deleted().isEmpty()) {
      text.append(", pruned ")
          .append(String.join(", ", pruned.deleted().stream().map(ObjectRef::toString).toList()));
    }
    if (!pruned.kept().isEmpty()) {
      text.append(", kept (prune disabled) ")
          .append(String.join(", ", pruned.kept().stream().map(ObjectRef::toString).toList()));
    }
    return text.toString();
  }

  private static Health health(Collection<JsonNode> objects) {
    return HealthChecks.worst(
        objects.stream().map(HealthChecks::of).map(ObjectHealth::health).toList());
  }

  /** Poros's labels and annotations: who manages the object, and for which resource. */
  private static void label(ObjectNode object, Resource resource) {
    ObjectNode metadata = (ObjectNode) object.path("metadata");
    ObjectNode labels = metadata.withObject("labels");
    labels.put(Labels.MANAGED_BY, Labels.POROS);
    labels.put(Labels.RESOURCE, Labels.labelSafe(resource.key().id()));
    metadata.withObject("annotations").put(Labels.RESOURCE_ID, resource.key().id());
  }

  /** A workspace's namespace is made on first use, labelled as Poros's; it is never pruned. */
  private void ensureNamespace(String namespace) {
    if (namespace.isEmpty() || namespacesSeen.contains(namespace)) {
      return;
    }
    synchronized (namespacesSeen) { // steps applied side by side make it once, not once each
      if (!namespacesSeen.contains(namespace)) {
        makeNamespace(namespace);
      }
    }
  }

  private void makeNamespace(String namespace) {
    try {
      if (client.namespaces().withName(namespace).get() == null) {
        client
            .namespaces()
            .resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName(namespace)
                    .addToLabels(Labels.MANAGED_BY, Labels.POROS)
                    .endMetadata()
                    .build())
            .create();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return; // may not read namespaces: applying into it will say whether it exists
      }
      if (e.getCode() != 409) { // 409: made meanwhile by a step applied beside this one
        throw e;
      }
    }
    namespacesSeen.add(namespace);
  }
}
