package dev.poros.apply.kubernetes;

import dev.poros.health.HealthChecks;
import dev.poros.model.Health;
import dev.poros.model.Json;
import dev.poros.model.ObjectRef;
import dev.poros.model.ResourceKey;
import dev.poros.model.SecretDigest;
import dev.poros.store.InventoryStore;
import dev.poros.store.OwnedObject;
import dev.poros.store.ResourceStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Watches what Poros applied, after the sync: one informer per kind Poros owns objects of (per kind
 * and namespace where its rights stop at namespaces), selected by the {@code managed-by} label (not
 * one watch per object; fabric8 lists again after a 410 Gone). On each change it judges the owning
 * resource again — its health, the worst of its objects', and its drift, how the live objects
 * differ from what was applied — and records both; a resource that starts drifting is handed to
 * {@code onDrift} (the agent re-syncs it when its repository self-heals).
 */
public final class ClusterWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);

  /** Changes to one resource's objects within this window are judged once. */
  private static final long SETTLE_MILLIS = 300;

  /** How long an informer's first list may take. */
  private static final long START_SECONDS = 30;

  private final KubernetesClient client;
  private final Supplier<List<ObjectRef>> kinds;
  private final ApiCatalog catalog;
  private final InventoryStore inventory;
  private final ResourceStore resources;
  private final AppliedForm form;
  private final Consumer<ResourceKey> onDrift;
  private final Map<String, SharedIndexInformer<GenericKubernetesResource>> informers =
      new ConcurrentHashMap<>();
  private final Set<String> namespacesOnly = ConcurrentHashMap.newKeySet();
  private final Changes changes = new Changes();
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final AtomicInteger unsettled = new AtomicInteger();
  private final ScheduledExecutorService judging =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "poros-cluster-watch"));

  /**
   * @param kinds the kinds (and namespaces) of the objects Poros owns on this cluster
   */
  public ClusterWatch(
      KubernetesClient client,
      Supplier<List<ObjectRef>> kinds,
      InventoryStore inventory,
      ResourceStore resources,
      SecretDigest digest,
      Consumer<ResourceKey> onDrift) {
    this.client = client;
    this.kinds = kinds;
    this.catalog = new ApiCatalog(client);
    this.inventory = inventory;
    this.resources = resources;
    this.form = new AppliedForm(digest);
    this.onDrift = onDrift;
  }

  /**
   * Watches every kind Poros now owns objects of (new kinds appear with syncs): in every namespace
   * at once, or, where Poros may not list a kind across the cluster (its rights are a Role's), in
   * each namespace it owns objects of that kind in.
   */
  public synchronized void refresh() {
    for (ObjectRef owned : kinds.get()) {
      String kind = owned.apiVersion() + "/" + owned.kind();
      if (informers.containsKey(kind) || informers.containsKey(kind + "@" + owned.namespace())) {
        continue;
      }
      catalog
          .find(owned.apiVersion(), owned.kind())
          .ifPresent(context -> watch(context, kind, owned.namespace()));
    }
  }

  private void watch(ResourceDefinitionContext context, String kind, String namespace) {
    var kinds = client.genericKubernetesResources(context);
    if (!namespacesOnly.contains(kind)) {
      try {
        informers.put(kind, started(kinds.inAnyNamespace()));
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 403 || namespace.isEmpty()) {
          LOG.warn("cannot watch {}: {}", kind, ObjectApplier.describe(e));
          return;
        }
        LOG.info("may not list {} across the cluster: watching it namespace by namespace", kind);
        namespacesOnly.add(kind);
      }
    }
    try {
      informers.put(kind + "@" + namespace, started(kinds.inNamespace(namespace)));
    } catch (KubernetesClientException e) {
      LOG.warn("cannot watch {} in {}: {}", kind, namespace, ObjectApplier.describe(e));
    }
  }

  /**
   * An informer of Poros's objects among {@code kinds}, once its first list is in; the server's
   * refusal of that list is thrown (the informer would otherwise stop quietly and look empty).
   */
  private SharedIndexInformer<GenericKubernetesResource> started(
      FilterWatchListDeletable<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          kinds) {
    SharedIndexInformer<GenericKubernetesResource> informer =
        kinds.withLabel(Labels.MANAGED_BY, Labels.POROS).runnableInformer(0);
    informer.addEventHandler(changes);
    try {
      informer.start().toCompletableFuture().get(START_SECONDS, TimeUnit.SECONDS);
      return informer;
    } catch (ExecutionException e) {
      informer.close();
      throw e.getCause() instanceof KubernetesClientException refused
          ? refused
          : new KubernetesClientException(String.valueOf(e.getCause().getMessage()), e);
    } catch (TimeoutException e) {
      informer.close();
      throw new KubernetesClientException("no first list within " + START_SECONDS + " s", e);
    } catch (InterruptedException e) {
      informer.close();
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted", e);
    }
  }

  /** Whether every change seen and every judging asked for has been judged. */
  public boolean settled() {
    return unsettled.get() == 0;
  }

  /** Judges {@code keys} again now (a sync just applied them). */
  public void judge(Collection<ResourceKey> keys) {
    keys.forEach(key -> later(key.id()));
  }

  private final class Changes implements ResourceEventHandler<GenericKubernetesResource> {
    @Override
    public void onAdd(GenericKubernetesResource object) {
      changed(object);
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
      changed(after);
    }

    @Override
    public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
      changed(object);
    }

    private void changed(GenericKubernetesResource object) {
      Map<String, String> annotations = object.getMetadata().getAnnotations();
      String owner = annotations == null ? null : annotations.get(Labels.RESOURCE_ID);
      if (owner != null) {
        later(owner);
      }
    }
  }

  private void later(String resourceKey) {
    if (pending.add(resourceKey)) {
      unsettled.incrementAndGet();
      judging.schedule(
          () -> {
            pending.remove(resourceKey);
            try {
              judge(resourceKey);
            } catch (RuntimeException e) {
              LOG.warn("could not judge {}: {}", resourceKey, e.getMessage());
            } finally {
              unsettled.decrementAndGet();
            }
          },
          SETTLE_MILLIS,
          TimeUnit.MILLISECONDS);
    }
  }

  private void judge(String resourceKey) {
    List<OwnedObject> owned = inventory.of(resourceKey);
    if (owned.isEmpty() || owned.stream().anyMatch(o -> !o.applied())) {
      return; // nothing of ours, or a sync is applying it right now: that sync will say
    }
    List<Health> healths = new ArrayList<>();
    List<String> drift = new ArrayList<>();
    for (OwnedObject object : owned) {
      JsonNode live = live(object.ref());
      healths.add(live == null ? Health.MISSING : HealthChecks.of(live).health());
      drift.addAll(form.drift(object, live));
    }
    ResourceKey key = new ResourceKey(resourceKey);
    boolean driftChanged =
        resources.observed(key, HealthChecks.worst(healths), String.join("\n", drift));
    if (driftChanged && !drift.isEmpty()) {
      LOG.info("resource {} drifted: {}", resourceKey, drift.get(0));
      onDrift.accept(key);
    }
  }

  /** The object as its informer last saw it (or as the API server has it, if not watched). */
  private JsonNode live(ObjectRef ref) {
    String kind = ref.apiVersion() + "/" + ref.kind();
    SharedIndexInformer<GenericKubernetesResource> informer =
        informers.getOrDefault(kind, informers.get(kind + "@" + ref.namespace()));
    GenericKubernetesResource object;
    if (informer != null && informer.isRunning() && informer.hasSynced()) {
      object =
          informer
              .getStore()
              .getByKey(
                  ref.namespace().isEmpty() ? ref.name() : ref.namespace() + "/" + ref.name());
    } else {
      object = catalog.object(ref).map(r -> r.get()).orElse(null);
    }
    return object == null ? null : Json.parse(client.getKubernetesSerialization().asJson(object));
  }

  @Override
  public void close() {
    informers.values().forEach(SharedIndexInformer::close);
    judging.shutdownNow();
  }
}
