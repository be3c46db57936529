package dev.poros.reconcile;

import dev.poros.load.ResourceFactory;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.SecretData;
import dev.poros.store.ResourceFilter;
import dev.poros.store.ResourceStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a repository's references may resolve to beyond its own commit: the built-in resources and
 * the live resources of the other repositories (so a team repository may use a platform
 * repository's depot), plus its own recorded resources rebuilt as resources.
 */
final class Catalog {
  private final Supplier<List<Resource>> builtIn;
  private final ResourceStore resources;
  private final ResourceFactory factory;
  private final Function<String, SecretData> secrets;

  /** {@code secrets}: the stored secret values of a resource, by key, for executors to use. */
  Catalog(
      Supplier<List<Resource>> builtIn,
      ResourceStore resources,
      ResourceFactory factory,
      Function<String, SecretData> secrets) {
    this.builtIn = builtIn;
    this.resources = resources;
    this.factory = factory;
    this.secrets = secrets;
  }

  /** Every live recorded resource of every repository, as resources with their secret values. */
  List<Resource> allRecorded() {
    return rebuild(resources.list(ResourceFilter.ALL), true);
  }

  List<Resource> builtIn() {
    return builtIn.get();
  }

  /**
   * Built-in resources first, then what other repositories manage; their secret values only {@code
   * withSecrets} (a plan that applies nothing decrypts nothing).
   */
  List<Resource> availableTo(long repositoryId, boolean withSecrets) {
    List<Resource> available = new ArrayList<>(builtIn());
    available.addAll(rebuild(resources.liveElsewhere(repositoryId), withSecrets));
    return available;
  }

  /** Finds resources of {@code resources} by key. */
  static Function<ResourceKey, Optional<Resource>> lookup(List<Resource> resources) {
    Map<ResourceKey, Resource> byKey = new HashMap<>();
    resources.forEach(r -> byKey.putIfAbsent(r.key(), r));
    return key -> Optional.ofNullable(byKey.get(key));
  }

  /**
   * The live ones among {@code recorded}, as resources; their secret values only {@code
   * withSecrets}.
   */
  List<Resource> rebuild(List<RecordedResource> recorded, boolean withSecrets) {
    return recorded.stream()
        .filter(RecordedResource::applied)
        .map(factory::rebuild)
        .flatMap(Optional::stream)
        .map(
            r ->
                !withSecrets || r.secrets().isEmpty()
                    ? r
                    : r.withSecrets(secrets.apply(r.key().id())))
        .toList();
  }
}
