package dev.poros.apply.kubernetes;

import dev.poros.health.HealthChecks;
import dev.poros.model.Failures;
import dev.poros.model.Health;
import dev.poros.model.Json;
import dev.poros.model.ObjectRef;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies one object by server-side apply (field manager {@code poros}), after checking that it is
 * Poros's to apply: an object someone else made is taken over only when the manifest says {@code
 * poros.dev/adopt: "true"}. An immutable-field change fails with the server's message, unless the
 * manifest says {@code poros.dev/force: "true"}: then the object is deleted and created again.
 */
final class ObjectApplier {
  static final String FIELD_MANAGER = "poros";
  private static final long DELETE_WAIT_SECONDS = 60;
  private static final long READY_WAIT_SECONDS = 30;

  private final KubernetesClient client;
  private final ApiCatalog catalog;
  private final boolean forceConflicts;
  private final Map<String, Map<String, GenericKubernetesResource>> seen =
      new ConcurrentHashMap<>();

  ObjectApplier(KubernetesClient client, ApiCatalog catalog, boolean forceConflicts) {
    this.client = client;
    this.catalog = catalog;
    this.forceConflicts = forceConflicts;
  }

  /** An apply that the cluster refused, or that Poros refused to make; its message says why. */
  static class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  /** A kind the cluster does not serve (its CRD not applied, or gone). */
  static final class UnknownKind extends Refused {
    UnknownKind(String message) {
      super(message);
    }
  }

  /**
   * Gives {@code object} its namespace as the server scopes its kind ({@code namespace} when it is
   * namespaced and names none; none when it is cluster-scoped) and returns where it is.
   */
  ObjectRef place(ObjectNode object, String namespace) {
    String apiVersion = object.path("apiVersion").asString("");
    String kind = object.path("kind").asString("");
    ResourceDefinitionContext context = context(apiVersion, kind);
    ObjectNode metadata = (ObjectNode) object.path("metadata");
    if (context.isNamespaceScoped()) {
      if (metadata.path("namespace").asString("").isEmpty()) {
        metadata.put("namespace", namespace);
      }
    } else {
      metadata.remove("namespace");
    }
    return new ObjectRef(
        apiVersion,
        kind,
        metadata.path("namespace").asString(""),
        metadata.path("name").asString());
  }

  /** The live object, or null when there is none. */
  JsonNode get(ObjectRef ref) {
    GenericKubernetesResource live = resource(ref).get();
    return live == null ? null : asJson(live);
  }

  /**
   * Applies {@code object} (placed) for {@code resourceId}; {@code known} when the inventory
   * already holds it, so it is Poros's. Returns the object as the server now has it.
   */
  JsonNode apply(ObjectRef ref, ObjectNode object, String resourceId, boolean known) {
    if (!known) {
      requireOurs(ref, object, resourceId);
    }
    JsonNode live;
    try {
      live = serverSideApply(ref, object);
    } catch (KubernetesClientException e) {
      if (e.getCode() <= 0) {
        throw e; // not a refusal: the cluster was not reached
      }
      if (e.getCode() != 422
          || !message(e).contains("immutable")
          || !annotated(object, Labels.FORCE, "true")) {
        throw new Refused(describe(e));
      }
      delete(ref);
      live = serverSideApply(ref, object);
    }
    return ready(ref, live);
  }

  /**
   * What others need before they can be applied: a CRD Established (its kind served). Other objects
   * are returned as applied.
   */
  private JsonNode ready(ObjectRef ref, JsonNode live) {
    if (!ref.kind().equals("CustomResourceDefinition")) {
      return live;
    }
    GenericKubernetesResource established =
        resource(ref)
            .waitUntilCondition(
                r -> r != null && HealthChecks.of(asJson(r)).health() == Health.HEALTHY,
                READY_WAIT_SECONDS,
                TimeUnit.SECONDS);
    return asJson(established);
  }

  /** Deletes {@code ref} (its dependents in the background) and waits until it is gone. */
  void delete(ObjectRef ref) {
    Resource<GenericKubernetesResource> resource = resource(ref);
    resource.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    resource.waitUntilCondition(Objects::isNull, DELETE_WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private JsonNode serverSideApply(ObjectRef ref, ObjectNode object) {
    var applying = addressed(ref, object).fieldManager(FIELD_MANAGER);
    return asJson(
        forceConflicts ? applying.forceConflicts().serverSideApply() : applying.serverSideApply());
  }

  /**
   * Creates {@code object} (placed), which must not exist yet: for objects that stand for one run,
   * not for a resource. Returns it as the server has it.
   */
  JsonNode create(ObjectRef ref, ObjectNode object) {
    return asJson(addressed(ref, object).create());
  }

  /**
   * Deletes, in the background and without waiting, the objects of {@code apiVersion} {@code kind}
   * in {@code namespace} that carry every label of {@code labels} but not {@code keep}'s value.
   */
  void deleteOthers(
      String apiVersion,
      String kind,
      String namespace,
      Map<String, String> labels,
      Map.Entry<String, String> keep) {
    ResourceDefinitionContext context = context(apiVersion, kind);
    var kinds = client.genericKubernetesResources(context);
    (context.isNamespaceScoped() ? kinds.inNamespace(namespace) : kinds)
        .withLabels(labels)
        .withoutLabel(keep.getKey(), keep.getValue())
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
  }

  private Resource<GenericKubernetesResource> addressed(ObjectRef ref, ObjectNode object) {
    GenericKubernetesResource desired =
        client
            .getKubernetesSerialization()
            .unmarshal(Json.canonical(object), GenericKubernetesResource.class);
    ResourceDefinitionContext context = context(ref.apiVersion(), ref.kind());
    var kinds = client.genericKubernetesResources(context);
    return (context.isNamespaceScoped() ? kinds.inNamespace(ref.namespace()) : kinds)
        .resource(desired);
  }

  /**
   * An object that exists and that Poros did not make is not silently taken over; nor is one that
   * another resource of Poros's owns.
   */
  private void requireOurs(ObjectRef ref, ObjectNode object, String resourceId) {
    GenericKubernetesResource live = existing(ref);
    if (live == null) {
      return;
    }
    var labels =
        live.getMetadata().getLabels() == null
            ? Map.<String, String>of()
            : live.getMetadata().getLabels();
    var annotations =
        live.getMetadata().getAnnotations() == null
            ? Map.<String, String>of()
            : live.getMetadata().getAnnotations();
    String owner = annotations.get(Labels.RESOURCE_ID);
    if (Labels.POROS.equals(labels.get(Labels.MANAGED_BY)) && resourceId.equals(owner)) {
      return; // ours: applied before its inventory row was completed
    }
    if (annotated(object, Labels.ADOPT, "true")) {
      return;
    }
    if (Labels.POROS.equals(labels.get(Labels.MANAGED_BY)) && owner != null) {
      throw new Refused(ref + " already exists and belongs to Poros resource " + owner);
    }
    List<ManagedFieldsEntry> managers = live.getMetadata().getManagedFields();
    String by =
        managers == null || managers.isEmpty()
            ? "someone else"
            : managers.stream()
                .map(ManagedFieldsEntry::getManager)
                .distinct()
                .collect(Collectors.joining(", "));
    throw new Refused(
        ref
            + " already exists, managed by "
            + by
            + ": Poros does not take it over unless its manifest is annotated "
            + Labels.ADOPT
            + ": \"true\"");
  }

  /**
   * The object as the cluster had it when this sync first looked at its kind in its namespace: one
   * list per kind and namespace rather than one read per object (a cold sync of a thousand objects
   * would otherwise read a thousand times). Forgotten at the start of every sync.
   */
  private GenericKubernetesResource existing(ObjectRef ref) {
    ResourceDefinitionContext context = context(ref.apiVersion(), ref.kind());
    String scope = ref.apiVersion() + "|" + ref.kind() + "|" + ref.namespace();
    Map<String, GenericKubernetesResource> names =
        seen.computeIfAbsent(
            scope,
            k -> {
              var kinds = client.genericKubernetesResources(context);
              Map<String, GenericKubernetesResource> found = new HashMap<>();
              (context.isNamespaceScoped() ? kinds.inNamespace(ref.namespace()) : kinds)
                  .list()
                  .getItems()
                  .forEach(o -> found.put(o.getMetadata().getName(), o));
              return found;
            });
    return names.get(ref.name());
  }

  /** Starts a sync: what was seen of the cluster before may have changed. */
  void forgetSeen() {
    seen.clear();
  }

  private Resource<GenericKubernetesResource> resource(ObjectRef ref) {
    return catalog.object(ref).orElseThrow(() -> unknownKind(ref.apiVersion(), ref.kind()));
  }

  private ResourceDefinitionContext context(String apiVersion, String kind) {
    return catalog.find(apiVersion, kind).orElseThrow(() -> unknownKind(apiVersion, kind));
  }

  private static UnknownKind unknownKind(String apiVersion, String kind) {
    return new UnknownKind(
        "the cluster serves no kind " + kind + " in " + apiVersion + " (is its CRD applied?)");
  }

  private JsonNode asJson(GenericKubernetesResource resource) {
    return Json.parse(client.getKubernetesSerialization().asJson(resource));
  }

  private static boolean annotated(JsonNode object, String annotation, String value) {
    return value.equals(object.at("/metadata/annotations").path(annotation).asString(""));
  }

  /** The server's own words: its status message, else the exception's. */
  static String message(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return String.valueOf(e.getMessage());
  }

  static String describe(KubernetesClientException e) {
    String what =
        switch (e.getCode()) {
          case 401 -> "unauthorised (401)";
          case 403 -> "forbidden (403)";
          case 409 -> "conflict (409)";
          case 422 -> "invalid (422)";
          case 500 -> "refused by the server (500)";
          default -> e.getCode() <= 0 ? "cannot reach the cluster" : "HTTP " + e.getCode();
        };
    if (e.getCode() <= 0) {
      Throwable root = Failures.rootCause(e);
      return what + ": " + (root.getMessage() == null ? root.toString() : root.getMessage());
    }
    return what + ": " + message(e);
  }
}
