package dev.poros.plan;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.poros.model.Json;
import java.util.List;

/** A unified diff of two canonical (secret-masked) specs, shown as YAML. */
public final class YamlDiff {
  private static final int CONTEXT_LINES = 3;

  private YamlDiff() {}

  /** {@code before} or {@code after} may be null for a create or a delete. */
  public static String unified(String name, String beforeJson, String afterJson) {
    List<String> before = lines(beforeJson);
    List<String> after = lines(afterJson);
    List<String> diff =
        UnifiedDiffUtils.generateUnifiedDiff(
            beforeJson == null ? "/dev/null" : "a/" + name,
            afterJson == null ? "/dev/null" : "b/" + name,
            before,
            DiffUtils.diff(before, after),
            CONTEXT_LINES);
    return diff.isEmpty() ? "" : String.join("\n", diff) + "\n";
  }

  private static List<String> lines(String json) {
    return json == null ? List.of() : Json.toYaml(json).lines().toList();
  }
}
