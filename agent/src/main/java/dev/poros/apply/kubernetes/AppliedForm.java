package dev.poros.apply.kubernetes;

import dev.poros.model.Hashes;
import dev.poros.model.Json;
import dev.poros.model.SecretData;
import dev.poros.model.SecretDigest;
import dev.poros.store.OwnedObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An object in the form the inventory keeps and compares: as applied, except that a Secret's values
 * are replaced by keyed digests — so the Poros DB never holds a way to guess them, and a live
 * Secret can still be compared with what was applied.
 */
final class AppliedForm {
  private final SecretDigest digest;

  AppliedForm(SecretDigest digest) {
    this.digest = digest;
  }

  /** {@code object} (applied or live) with a Secret's values digested. */
  JsonNode of(JsonNode object) {
    if (!ObjectRenderer.holdsSecrets(object)) {
      return object;
    }
    ObjectNode masked = (ObjectNode) object.deepCopy();
    for (String field : List.of("data", "stringData")) {
      if (masked.get(field) instanceof ObjectNode data) {
        for (String name : List.copyOf(data.propertyNames())) {
          data.put(name, digest.digest(new SecretData(Map.of(name, data.get(name).asString()))));
        }
      }
    }
    return masked;
  }

  /** The hash of what is applied, over its applied form. */
  String hash(JsonNode object) {
    return Hashes.sha256(Json.canonical(of(object)));
  }

  /**
   * How {@code live} differs from what {@code owned} records as applied, one line per field
   * ("{@code ConfigMap ns/name: data.value: 1 → 2}"); the object gone is one line too; empty when
   * it holds what was applied (or its applied form is not known yet).
   */
  List<String> drift(OwnedObject owned, JsonNode live) {
    List<String> lines = new ArrayList<>();
    if (owned.appliedJson().isEmpty()) {
      return lines;
    }
    if (live == null) {
      lines.add(owned.ref() + ": deleted");
      return lines;
    }
    boolean secret = ObjectRenderer.holdsSecrets(live);
    for (String difference : Drift.between(Json.parse(owned.appliedJson()), of(live), secret)) {
      lines.add(owned.ref() + ": " + difference);
    }
    return lines;
  }
}
