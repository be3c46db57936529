package dev.poros.cli;

import dev.poros.apply.ChangeSetEntry;
import dev.poros.model.Action;
import dev.poros.model.DesiredState;
import dev.poros.model.Problem;
import dev.poros.plan.Plan;
import dev.poros.plan.PlanAction;
import dev.poros.plan.PlanStep;
import dev.poros.reconcile.SyncResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prints a sync result — as a plan (what would happen) or as what happened — as text or as the
 * documented JSON/YAML object: {@code commit}, {@code branch}, {@code outcome}, {@code steps} (each
 * with {@code id}, {@code action}, {@code message}, and {@code diff} for plans) and {@code
 * problems}. Every declared resource appears as a step; rejected ones as {@code invalid}, held ones
 * as {@code held}.
 */
final class PlanReport {
  private final SyncResult result;
  private final boolean applied;

  PlanReport(SyncResult result, boolean applied) {
    this.result = result;
    this.applied = applied;
  }

  /** A step as reported; {@code diff} is rendered only where it is shown (a plan's). */
  record Line(String id, String action, String message, Supplier<String> diff) {}

  /** Prints in {@code format}; as text, unchanged resources only with {@code showUnchanged}. */
  void print(PrintWriter out, Format format, boolean showUnchanged) {
    if (format == Format.TABLE) {
      printText(out, showUnchanged);
    } else {
      Output.write(out, format, document());
    }
  }

  List<Line> lines() {
    Plan plan = result.plan();
    List<Line> lines = new ArrayList<>();
    if (applied) {
      for (ChangeSetEntry entry : result.changes().entries()) {
        String message =
            entry.result().message().isEmpty() ? entry.step().reason() : entry.result().message();
        lines.add(
            new Line(entry.step().key().id(), entry.result().action().label(), message, () -> ""));
      }
    } else {
      for (PlanStep step : plan.steps()) {
        lines.add(new Line(step.key().id(), step.action().label(), step.reason(), step::diff));
      }
    }
    for (DesiredState.Rejection rejection : plan.rejected()) {
      lines.add(
          new Line(rejection.resource().key().id(), "invalid", rejection.message(), () -> ""));
    }
    for (Plan.Held held : plan.held()) {
      lines.add(new Line(held.recorded().key().id(), "held", held.reason(), () -> ""));
    }
    return lines;
  }

  Map<String, Object> document() {
    List<Map<String, Object>> steps = new ArrayList<>();
    for (Line line : lines()) {
      Map<String, Object> step =
          Output.object("id", line.id(), "action", line.action(), "message", line.message());
      if (!applied) {
        step.put("diff", line.diff().get());
      }
      steps.add(step);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("commit", result.snapshot().commit());
    doc.put("branch", result.snapshot().branch());
    doc.put("outcome", result.outcome().label());
    if (result.syncId() > 0) {
      doc.put("sync", result.syncId());
    }
    doc.put("steps", steps);
    doc.put("problems", result.problems().stream().map(Output::problem).toList());
    doc.put("warnings", result.warnings().stream().map(Output::problem).toList());
    return doc;
  }

  void printText(PrintWriter out, boolean showUnchanged) {
    Plan plan = result.plan();
    out.printf(
        "%s %s (%s): %s%n",
        applied ? "Synced" : "Plan for",
        result.snapshot().shortCommit(),
        result.snapshot().branch(),
        applied ? appliedSummary() : plannedSummary(plan));
    List<Line> all = lines();
    List<Line> shown =
        all.stream().filter(l -> showUnchanged || !l.action().equals("unchanged")).toList();
    int idWidth = shown.stream().mapToInt(l -> l.id().length()).max().orElse(0);
    for (Line line : shown) {
      out.printf(
          "%s %-10s %-" + idWidth + "s  %s%n",
          symbol(line.action()),
          line.action(),
          line.id(),
          line.message());
      if (!applied && line.action().equals(PlanAction.UPDATE.label())) {
        line.diff().get().lines().forEach(l -> out.println("    " + l));
      }
    }
    // problems no resource line already shows: those of files that could not be read
    List<Problem> fileProblems =
        result.problems().stream()
            .filter(p -> all.stream().noneMatch(l -> l.message().contains(p.toString())))
            .toList();
    for (Problem problem : fileProblems) {
      out.println("! error      " + problem);
    }
    for (Problem warning : result.warnings()) {
      out.println("  warning    " + warning);
    }
    out.flush();
  }

  private static String plannedSummary(Plan plan) {
    return String.format(
        "%d to create, %d to update, %d to delete, %d unchanged, %d invalid%s",
        plan.count(PlanAction.CREATE),
        plan.count(PlanAction.UPDATE),
        plan.count(PlanAction.DELETE),
        plan.count(PlanAction.UNCHANGED),
        plan.rejected().size(),
        held(plan));
  }

  private String appliedSummary() {
    var changes = result.changes();
    return String.format(
        "%d created, %d configured, %d deleted, %d unchanged, %d waiting, %d failed, %d skipped, %d invalid%s",
        changes.count(Action.CREATED),
        changes.count(Action.CONFIGURED),
        changes.count(Action.DELETED),
        changes.count(Action.UNCHANGED),
        changes.count(Action.WAITING),
        changes.count(Action.FAILED),
        changes.count(Action.SKIPPED),
        result.plan().rejected().size(),
        held(result.plan()));
  }

  private static String held(Plan plan) {
    return plan.held().isEmpty() ? "" : ", " + plan.held().size() + " held";
  }

  private static String symbol(String action) {
    return switch (action) {
      case "create", "created" -> "+";
      case "update", "configured" -> "~";
      case "delete", "deleted" -> "-";
      case "unchanged" -> "=";
      case "waiting" -> "*";
      default -> "!";
    };
  }
}
