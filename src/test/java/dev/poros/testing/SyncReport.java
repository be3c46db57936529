package dev.poros.testing;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reading the JSON report of {@code poros sync -o json} / {@code poros plan -o json}. */
public final class SyncReport {
  private SyncReport() {}

  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> steps(Map<String, Object> document) {
    return (List<Map<String, Object>>) document.get("steps");
  }

  public static List<String> actions(Map<String, Object> document) {
    return steps(document).stream().map(s -> (String) s.get("action")).toList();
  }

  public static Map<String, Object> stepOf(Map<String, Object> document, String id) {
    return steps(document).stream().filter(s -> id.equals(s.get("id"))).findFirst().orElseThrow();
  }

  public static Map<String, String> changedSteps(Map<String, Object> document) {
    return steps(document).stream()
        .filter(s -> !"unchanged".equals(s.get("action")))
        .collect(Collectors.toMap(s -> (String) s.get("id"), s -> (String) s.get("action")));
  }

  @SuppressWarnings("unchecked")
  public static List<String> problems(Map<String, Object> document) {
    return ((List<Map<String, Object>>) document.get("problems"))
        .stream()
            .map(
                p ->
                    p.get("file")
                        + ":"
                        + p.get("line")
                        + ": "
                        + p.get("field")
                        + ": "
                        + p.get("message"))
            .toList();
  }
}
