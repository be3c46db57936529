package dev.poros.apply;

import dev.poros.model.Action;
import dev.poros.plan.PlanStep;
import java.util.AbstractList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every step of an applied plan: those the applier ran ({@code applied}, in the order applied),
 * then the steps of resources known unchanged, which ran nowhere ({@code knownUnchanged}, each
 * unchanged on {@code executor}). A sync of a change at 50,000 resources knows nearly all of them
 * unchanged: they are held as their steps, not as an entry made for each every sync.
 */
public record ChangeSet(
    List<ChangeSetEntry> applied, List<PlanStep> knownUnchanged, String executor) {
  private static final StepResult SAME = new StepResult(Action.UNCHANGED, "", null, null);

  /** {@code knownUnchanged} is taken as it is (not copied): tens of thousands, made for this. */
  public ChangeSet {
    applied = List.copyOf(applied);
    knownUnchanged = Collections.unmodifiableList(knownUnchanged);
  }

  /** The steps an applier ran, and none known unchanged. */
  public ChangeSet(List<ChangeSetEntry> applied) {
    this(applied, List.of(), "");
  }

  /** These applied entries, and {@code steps} known unchanged on {@code executor}. */
  public ChangeSet withUnchanged(List<PlanStep> steps, String executor) {
    return new ChangeSet(applied, steps, executor);
  }

  /** Every entry: the applied ones, then one for each step known unchanged (made when read). */
  public List<ChangeSetEntry> entries() {
    return new AbstractList<>() {
      @Override
      public ChangeSetEntry get(int index) {
        return index < applied.size()
            ? applied.get(index)
            : new ChangeSetEntry(knownUnchanged.get(index - applied.size()), executor, SAME);
      }

      @Override
      public int size() {
        return applied.size() + knownUnchanged.size();
      }
    };
  }

  public long count(Action action) {
    return tally().getOrDefault(action, 0L);
  }

  /** How many entries each action has, counting the applied ones only (a sync counts several). */
  public Map<Action, Long> tally() {
    long[] counts = new long[Action.values().length];
    for (ChangeSetEntry entry : applied) {
      counts[entry.result().action().ordinal()]++;
    }
    counts[Action.UNCHANGED.ordinal()] += knownUnchanged.size();
    Map<Action, Long> tally = new EnumMap<>(Action.class);
    for (Action action : Action.values()) {
      if (counts[action.ordinal()] > 0) {
        tally.put(action, counts[action.ordinal()]);
      }
    }
    return tally;
  }
}
