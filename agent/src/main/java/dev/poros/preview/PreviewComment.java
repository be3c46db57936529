package dev.poros.preview;

import dev.poros.model.Problem;
import dev.poros.plan.Plan;
import dev.poros.plan.PlanAction;
import dev.poros.plan.PlanStep;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A pull request's preview as one Markdown comment: a hidden marker that finds it again, a one-line
 * verdict, the summary table (create / update / delete / unchanged / invalid), every problem as
 * {@code file:line: field: message}, then one folded block per changed resource with its diff
 * (secrets already {@code ***} in the plan). When it would pass the forge's limit, diffs are cut,
 * biggest first, and the comment links to the full preview — the summary and the problems are never
 * cut, and it is never split into several comments.
 */
public final class PreviewComment {
  /** GitHub's limit on a comment's body. */
  public static final int GITHUB_LIMIT = 65_536;

  private PreviewComment() {}

  /** The marker that finds a repository's preview comment among a pull request's comments. */
  public static String marker(String repository) {
    return "<!-- poros-preview " + repository + " -->";
  }

  /** The path of a pull request's full preview on the dashboard. */
  public static String page(String repository, long number) {
    return "/previews/"
        + URLEncoder.encode(repository, StandardCharsets.UTF_8).replace("+", "%20")
        + "/"
        + number;
  }

  /** Whether merging would apply cleanly: no problem and no invalid resource. */
  public static boolean passes(Plan plan, List<Problem> problems) {
    return problems.isEmpty() && plan.rejected().isEmpty();
  }

  /**
   * @param link the full preview on the dashboard ({@code ""}: none known)
   */
  public static String render(
      String repository,
      String headSha,
      Plan plan,
      List<Problem> problems,
      List<Problem> warnings,
      String link,
      int limit) {
    List<PlanStep> changed =
        plan.steps().stream().filter(s -> s.action() != PlanAction.UNCHANGED).toList();
    Set<PlanStep> cut = new LinkedHashSet<>();
    String full = compose(repository, headSha, plan, problems, warnings, link, changed, cut);
    // room for the line that says what was left out and where the rest is
    int excess = full.length() - limit + 300 + link.length();
    if (full.length() <= limit) {
      return full;
    }
    for (PlanStep step :
        changed.stream()
            .sorted(Comparator.comparingInt((PlanStep s) -> block(s).length()).reversed())
            .toList()) {
      if (excess <= 0) {
        break;
      }
      cut.add(step);
      excess -= block(step).length();
    }
    return compose(repository, headSha, plan, problems, warnings, link, changed, cut);
  }

  private static String compose(
      String repository,
      String headSha,
      Plan plan,
      List<Problem> problems,
      List<Problem> warnings,
      String link,
      List<PlanStep> changed,
      Set<PlanStep> cut) {
    int invalid = plan.rejected().size();
    StringBuilder out = new StringBuilder(marker(repository)).append('\n');
    boolean clean = passes(plan, problems);
    out.append(clean ? "✅" : "❌")
        .append(" **Poros preview of `")
        .append(repository)
        .append("` at `")
        .append(headSha, 0, Math.min(7, headSha.length()))
        .append("`**: ")
        .append(
            clean
                ? "merging would apply cleanly"
                : problems.size() + " problem(s); merging would leave them unapplied")
        .append("\n\n| create | update | delete | unchanged | invalid |\n|---|---|---|---|---|\n| ")
        .append(plan.count(PlanAction.CREATE))
        .append(" | ")
        .append(plan.count(PlanAction.UPDATE))
        .append(" | ")
        .append(plan.count(PlanAction.DELETE))
        .append(" | ")
        .append(plan.count(PlanAction.UNCHANGED))
        .append(" | ")
        .append(invalid)
        .append(" |\n");
    if (!problems.isEmpty()) {
      out.append("\n**Problems**\n\n");
      problems.forEach(p -> out.append("- `").append(escape(p.toString())).append("`\n"));
    }
    if (!warnings.isEmpty()) {
      out.append("\n**Warnings** (applied anyway)\n\n");
      warnings.forEach(w -> out.append("- `").append(escape(w.toString())).append("`\n"));
    }
    if (!changed.isEmpty()) {
      out.append("\n**Changes**\n");
    }
    for (PlanStep step : changed) {
      if (!cut.contains(step)) {
        out.append(block(step));
      }
    }
    if (!cut.isEmpty()) {
      out.append("\n")
          .append(cut.size())
          .append(" more changed resource(s) left out to stay within the forge's limit")
          .append(link.isEmpty() ? "." : ": the full preview is at " + link)
          .append('\n');
    } else if (!link.isEmpty()) {
      out.append("\n[Full preview](").append(link).append(")\n");
    }
    return out.toString();
  }

  /** One changed resource, folded, with its diff. */
  private static String block(PlanStep step) {
    StringBuilder out =
        new StringBuilder("\n<details><summary>")
            .append(step.action().label())
            .append(" <code>")
            .append(html(step.key().id()))
            .append("</code></summary>\n\n");
    if (!step.diff().isEmpty()) {
      out.append("```diff\n").append(step.diff().replace("```", "`\u200b``")).append("\n```\n");
    }
    return out.append("</details>\n").toString();
  }

  private static String escape(String text) {
    return text.replace("`", "'");
  }

  private static String html(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
