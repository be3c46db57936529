package dev.poros.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    List<Reference> references,
    Map<String, String> files,
    List<Condition> conditions) {

  public Resource {
    references = List.copyOf(references);
    files = Map.copyOf(files);
    conditions = List.copyOf(conditions);
  }

  /** This resource, with the files it references (path → blob id) and the hash they make. */
  public Resource withFiles(Map<String, String> referencedFiles, String newHash) {
    return new Resource(
        key,
        type,
        version,
        name,
        workspace,
        layer,
        origin,
        manifest,
        maskedManifest,
        maskedJson,
        secrets,
        newHash,
        references,
        referencedFiles,
        conditions);
  }

  /** This resource with {@code newHash} as its hash (one that covers more than its own spec). */
  public Resource withHash(String newHash) {
    return withFiles(files, newHash);
  }

  /**
   * This resource as it stands for itself while changes leave it alone: identity, place, hash and
   * the files it reads, without its spec, secrets, references and the lines of its fields — what
   * judging or applying it reads, made whole again from its recorded spec when that is needed.
   */
  public Resource stub() {
    return stub(
        key, type, version, name, workspace, layer, origin.file(), origin.line(), hash, files);
  }

  /** A {@link #stub()} of the resource that has these parts. */
  public static Resource stub(
      ResourceKey key,
      ResourceType type,
      String version,
      String name,
      String workspace,
      Layer layer,
      String file,
      int line,
      String hash,
      Map<String, String> files) {
    return new Resource(
        key,
        type,
        version,
        name,
        workspace,
        layer,
        new Origin(file, line, Map.of()),
        null,
        null,
        null,
        SecretData.NONE,
        hash,
        List.of(),
        files,
        List.of());
  }

  /**
   * This resource with its secret values (from the vault, for one rebuilt from its masked spec).
   */
  public Resource withSecrets(SecretData values) {
    return new Resource(
        key,
        type,
        version,
        name,
        workspace,
        layer,
        origin,
        manifest,
        maskedManifest,
        maskedJson,
        values,
        hash,
        references,
        files,
        conditions);
  }

  /** This resource as a bundle member: needing {@code more} too, and waiting for {@code waits}. */
  public Resource withMembership(List<Reference> more, List<Condition> waits) {
    List<Reference> all = new ArrayList<>(references);
    all.addAll(more);
    return new Resource(
        key,
        type,
        version,
        name,
        workspace,
        layer,
        origin,
        manifest,
        maskedManifest,
        maskedJson,
        secrets,
        hash,
        all,
        files,
        waits);
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
