package dev.poros.apply.kubernetes;

import dev.poros.apply.local.NodeLauncher.Attempt;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders a DataOS stack's templates leave for Argo Workflows to fill at run time ({@code
 * {{workflow.creationTimestamp.H}}}, {@code {{inputs.parameters.run-id}}}, …), filled for one
 * attempt, since Poros runs the workflow where DataOS has Argo run it. Unknown ones are left as
 * written, so the server's refusal names them.
 */
final class RunParameters {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

  private final Map<String, String> values = new HashMap<>();

  RunParameters(Attempt attempt, ZonedDateTime started) {
    ZonedDateTime at = started.withZoneSameInstant(ZoneOffset.UTC);
    String run = Long.toString(attempt.runId());
    values.put("workflow.name", attempt.workflow());
    values.put("workflow.uid", attempt.workflow() + "-" + run);
    values.put("inputs.parameters.name", attempt.node());
    values.put("inputs.parameters.run-id", run + "-" + attempt.node());
    values.put("inputs.parameters.workflow-name", attempt.workflow());
    values.put("inputs.parameters.workflow-run-id", run);
    String stamp = "workflow.creationTimestamp.";
    Map.of(
            "Y", "yyyy", "y", "yy", "m", "MM", "d", "dd", "H", "HH", "M", "mm", "S", "ss", "j",
            "DDD")
        .forEach(
            (strftime, pattern) ->
                values.put(stamp + strftime, at.format(DateTimeFormatter.ofPattern(pattern))));
    values.put(stamp + "s", Long.toString(at.toEpochSecond()));
    values.put(stamp + "RFC3339", at.format(DateTimeFormatter.ISO_INSTANT));
    values.put("workflow.creationTimestamp", at.format(DateTimeFormatter.ISO_INSTANT));
  }

  String fill(String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }
}
