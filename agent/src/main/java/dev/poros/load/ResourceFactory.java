package dev.poros.load;

import dev.poros.model.Hashes;
import dev.poros.model.Json;
import dev.poros.model.Layer;
import dev.poros.model.Origin;
import dev.poros.model.Problem;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.ResourceType;
import dev.poros.model.Scope;
import dev.poros.model.SecretData;
import dev.poros.model.SecretDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Turns one YAML document into a {@link Resource}: reads its identity (DataOS header or Kubernetes
 * {@code apiVersion}/{@code kind}/{@code metadata}), masks its secrets and hashes its canonical
 * form. Everything beyond identity is the validator's to judge.
 */
public final class ResourceFactory {
  public static final String DEFAULT_WORKSPACE = "public";

  private final SecretDigest secretDigest;

  public ResourceFactory(SecretDigest secretDigest) {
    this.secretDigest = secretDigest;
  }

  /** The resource a document declares, or the problem that keeps it from having an identity. */
  sealed interface Outcome permits Made, Unidentified {}

  record Made(Resource resource) implements Outcome {}

  record Unidentified(Problem problem) implements Outcome {}

  /**
   * A recorded resource as a resource again, from its recorded (masked) spec: enough to resolve
   * references to it, not to apply it. Its hash is the recorded one — what was applied, secrets,
   * files and what it uses included — not one of the masked spec alone.
   */
  public Optional<Resource> rebuild(RecordedResource recorded) {
    JsonNode tree = Json.parse(recorded.maskedJson());
    Outcome outcome = create(recorded.sourceFile(), new YamlDocument(1, tree, Map.of()));
    return outcome instanceof Made made
        ? Optional.of(made.resource().withHash(recorded.hash()))
        : Optional.empty();
  }

  /**
   * A resource as its file declared it at a settled sync, from its recorded (masked) spec, the line
   * it starts on and its secret values: what parsing the file gives, but for the lines of its
   * fields (problems point at the resource's first line). {@code judgedHash}: its hash as that sync
   * loaded it (null: not known, computed again) — the spec is then taken as the canonical form it
   * is stored in, not written again and hashed.
   */
  public Optional<Resource> restore(
      String file,
      int line,
      String maskedJson,
      String judgedHash,
      Function<Resource, SecretData> secretValues) {
    Stored stored = judgedHash == null ? null : new Stored(maskedJson, judgedHash);
    Outcome outcome =
        create(file, new YamlDocument(line, Json.parse(maskedJson), Map.of()), stored);
    if (!(outcome instanceof Made made)) {
      return Optional.empty();
    }
    Resource resource = made.resource();
    if (resource.secrets().isEmpty()) {
      return Optional.of(resource);
    }
    // the masked spec's secrets are masks: its hash must cover the values, as a parsed one's does
    Resource valued = resource.withSecrets(secretValues.apply(resource));
    return Optional.of(stored != null ? valued : withFiles(valued, Map.of()));
  }

  /** A spec as it is stored: its canonical masked JSON and the hash it was judged with. */
  private record Stored(String maskedJson, String hash) {}

  Outcome create(String file, YamlDocument doc) {
    return create(file, doc, null);
  }

  private Outcome create(String file, YamlDocument doc, Stored stored) {
    Origin origin = new Origin(file, doc.line(), doc.fieldLines());
    JsonNode tree = doc.tree();
    if (!tree.isObject()) {
      return new Unidentified(
          origin.problem("", "a manifest must be a mapping, not " + kindOf(tree)));
    }
    if (tree.has("apiVersion") && tree.has("kind")) {
      return kubernetes(origin, tree, stored);
    }
    JsonNode typeNode = tree.path("type");
    if (!typeNode.isString()) {
      return new Unidentified(
          origin.problem(
              "/type",
              typeNode.isMissingNode()
                  ? "required field missing (one of: " + ResourceType.typeNames() + ")"
                  : "must be a string"));
    }
    ResourceType type = ResourceType.ofTypeName(typeNode.asString()).orElse(null);
    if (type == null) {
      return new Unidentified(
          origin.problem(
              "/type",
              "unknown type '"
                  + typeNode.asString()
                  + "' (one of: "
                  + ResourceType.typeNames()
                  + ")"));
    }
    for (String field : List.of("name", "version")) {
      JsonNode value = tree.path(field);
      if (!value.isString() || value.asString().isBlank()) {
        return new Unidentified(
            origin.problem(
                "/" + field,
                value.isMissingNode() ? "required field missing" : "must be a non-empty string"));
      }
    }
    String name = tree.get("name").asString();
    String version = tree.get("version").asString();
    String workspace =
        type.scope() == Scope.WORKSPACE ? tree.path("workspace").asString(DEFAULT_WORKSPACE) : null;
    Layer layer = "system".equals(tree.path("layer").asString("")) ? Layer.SYSTEM : Layer.USER;
    return new Made(
        build(
            ResourceKey.of(type, version, name, workspace),
            type,
            version,
            name,
            workspace,
            layer,
            origin,
            tree,
            null,
            stored));
  }

  private Outcome kubernetes(Origin origin, JsonNode tree, Stored stored) {
    String apiVersion = tree.path("apiVersion").asString("");
    String kind = tree.path("kind").asString("");
    String name = tree.at("/metadata/name").asString("");
    if (name.isBlank()) {
      return new Unidentified(origin.problem("/metadata/name", "required field missing"));
    }
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String namespace = tree.at("/metadata/namespace").asString("");
    ResourceKey key = ResourceKey.kubernetes(group, kind, namespace, name);
    return new Made(
        build(
            key,
            ResourceType.KUBERNETES,
            apiVersion,
            name,
            namespace,
            Layer.USER,
            origin,
            tree,
            kind,
            stored));
  }

  private Resource build(
      ResourceKey key,
      ResourceType type,
      String version,
      String name,
      String workspace,
      Layer layer,
      Origin origin,
      JsonNode tree,
      String kind,
      Stored stored) {
    SecretMasker.Masked masked = SecretMasker.mask(type, kind, tree);
    String maskedJson = stored != null ? stored.maskedJson() : Json.canonical(masked.manifest());
    return new Resource(
        key,
        type,
        version,
        name,
        workspace,
        layer,
        origin,
        tree,
        masked.manifest(),
        maskedJson,
        masked.secrets(),
        stored != null ? stored.hash() : hash(maskedJson, masked.secrets(), Map.of()),
        ReferenceFinder.find(type, tree, workspace),
        Map.of(),
        List.of());
  }

  /** {@code resource} with the files it references, which its hash now covers. */
  public Resource withFiles(Resource resource, Map<String, String> files) {
    return resource.withFiles(files, hash(resource.maskedJson(), resource.secrets(), files));
  }

  /**
   * SHA-256 of the canonical form, the secrets' keyed digest and the referenced files' blob ids:
   * whatever changes what the resource is changes its hash.
   */
  private String hash(String maskedJson, SecretData secrets, Map<String, String> files) {
    StringBuilder hashed = new StringBuilder(maskedJson);
    if (!secrets.isEmpty()) {
      hashed.append('\n').append(secretDigest.digest(secrets));
    }
    new TreeMap<>(files)
        .forEach((path, blob) -> hashed.append('\n').append(path).append('=').append(blob));
    return Hashes.sha256(hashed.toString());
  }

  private static String kindOf(JsonNode node) {
    return node.isArray() ? "a list" : "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
