package dev.poros.apply.kubernetes;

import dev.poros.health.HealthChecks;
import dev.poros.model.Health;
import dev.poros.model.Json;
import dev.poros.model.ObjectRef;
import dev.poros.model.ResourceKey;
import dev.poros.store.InventoryStore;
import dev.poros.store.OwnedObject;
import dev.poros.store.ResourceStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Watches what Poros applied, after the sync: one informer per kind Poros owns objects of, selected
 * by the {@code managed-by} label (not one watch per object; fabric8 lists again after a 410 Gone).
 * On each change it judges the owning resource again — its health, the worst of its objects', and
 * its drift, how the live objects differ from what was applied — and records both; a resource that
 * starts drifting is handed to {@code onDrift} (the agent re-syncs it when its repository
 * self-heals).
 */
public final class ClusterWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);

  /** Changes to one resource's objects within this window are judged once. */
  private static final long SETTLE_MILLIS = 300;

  private final KubernetesClient client;
  private final ApiCatalog catalog;
  private final InventoryStore inventory;
  private final ResourceStore resources;
  private final AppliedForm form;
  private final Consumer<ResourceKey> onDrift;
  private final Map<String, SharedIndexInformer<GenericKubernetesResource>> informers =
      new ConcurrentHashMap<>();
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService judging =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "poros-cluster-watch"));

  public ClusterWatch(
      KubernetesClient client,
      InventoryStore inventory,
      ResourceStore resources,
      dev.poros.model.SecretDigest digest,
      Consumer<ResourceKey> onDrift) {
    this.client = client;
    this.catalog = new ApiCatalog(client);
    this.inventory = inventory;
    this.resources = resources;
    this.form = new AppliedForm(digest);
    this.onDrift = onDrift;
  }

  /** Watches every kind Poros now owns objects of (new kinds appear with syncs). */
  public synchronized void refresh() {
    for (ObjectRef kind : inventory.kinds()) {
      String id = kind.apiVersion() + "/" + kind.kind();
      if (informers.containsKey(id)) {
        continue;
      }
      catalog
          .find(kind.apiVersion(), kind.kind())
          .ifPresent(
              context ->
                  informers.put(
                      id,
                      client
                          .genericKubernetesResources(context)
                          .inAnyNamespace()
                          .withLabel(Labels.MANAGED_BY, Labels.POROS)
                          .inform(new Changes(), 0)));
    }
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
      judging.schedule(
          () -> {
            pending.remove(resourceKey);
            try {
              judge(resourceKey);
            } catch (RuntimeException e) {
              LOG.warn("could not judge {}: {}", resourceKey, e.getMessage());
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
    SharedIndexInformer<GenericKubernetesResource> informer =
        informers.get(ref.apiVersion() + "/" + ref.kind());
    GenericKubernetesResource object;
    if (informer != null && informer.hasSynced()) {
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
