package dev.poros.model;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A resource as declared at one commit: identity, header fields, where it came from, the whole
 * manifest, the manifest and its canonical JSON with secret values masked (what may be shown and
 * stored readable), the secret values themselves (only for types that hold them), its content hash
 * and the resources it references.
 *
 * <p>{@link #toString()} names the resource only, so a resource can never leak a secret into a log
 * line by being printed.
 */
public record Resource(
    ResourceKey key,
    ResourceType type,
    String version,
    String name,
    String workspace,
    Layer layer,
    Origin origin,
    JsonNode manifest,
    JsonNode maskedManifest,
    String maskedJson,
    SecretData secrets,
    String hash,
    List<Reference> references) {

  public Resource {
    references = List.copyOf(references);
  }

  /** The Kubernetes API group/kind or the DataOS type name, as {@code get} shows it. */
  public String typeLabel() {
    if (type == ResourceType.KUBERNETES) {
      return key.id().substring(0, key.id().indexOf(':'));
    }
    return type.typeName();
  }

  @Override
  public String toString() {
    return key.id();
  }
}
