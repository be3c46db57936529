package dev.poros.reconcile;

import dev.poros.load.ResourceFactory;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.SecretData;
import dev.poros.store.Stores;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resources made whole again from their recorded specs and secret values: what a stub ({@link
 * Resource#stub}) stands for, when it is to be judged, applied or run.
 */
public final class WholeResources {
  private final ResourceFactory factory;
  private final Function<String, SecretData> secrets;
  private final Function<ResourceKey, Optional<String>> specs;

  /** {@code secrets}: a resource's secret values by id; {@code specs}: its recorded masked spec. */
  private WholeResources(
      ResourceFactory factory,
      Function<String, SecretData> secrets,
      Function<ResourceKey, Optional<String>> specs) {
    this.factory = factory;
    this.secrets = secrets;
    this.specs = specs;
  }

  /** From the Poros DB's rows and vault. */
  public static WholeResources recorded(Stores stores, ResourceFactory factory) {
    return new WholeResources(
        factory,
        secretValues(stores),
        key -> stores.resources().get(key).map(RecordedResource::maskedJson));
  }

  /** A resource's stored secret values, by its id, from the Poros DB's vault. */
  static Function<String, SecretData> secretValues(Stores stores) {
    return key -> stores.db().read(c -> stores.vault().load(c, key));
  }

  /** {@code resource} whole: itself if it is, else rebuilt from its spec, with the hash it has. */
  public Resource of(Resource resource) {
    if (resource.manifest() != null) {
      return resource;
    }
    Resource whole =
        specs
            .apply(resource.key())
            .flatMap(
                spec ->
                    factory.restore(
                        resource.origin().file(),
                        resource.origin().line(),
                        spec,
                        resource.hash(),
                        r -> secrets.apply(r.key().id())))
            .orElseThrow(() -> new IllegalStateException("cannot restore " + resource.key()));
    return resource.files().isEmpty() ? whole : whole.withFiles(resource.files(), resource.hash());
  }
}
