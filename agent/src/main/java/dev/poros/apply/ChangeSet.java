package dev.poros.apply;

import dev.poros.model.Action;
import java.util.List;

/** Every step of an applied plan, in the order applied. */
public record ChangeSet(List<ChangeSetEntry> entries) {
  public ChangeSet {
    entries = List.copyOf(entries);
  }

  /** These entries, then {@code more}. */
  public ChangeSet with(List<ChangeSetEntry> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<ChangeSetEntry> all = new java.util.ArrayList<>(entries);
    all.addAll(more);
    return new ChangeSet(all);
  }

  public long count(Action action) {
    return entries.stream().filter(e -> e.result().action() == action).count();
  }

  /** How many entries each action has, in one pass (a sync counts several of 50,000). */
  public java.util.Map<Action, Long> tally() {
    long[] counts = new long[Action.values().length];
    for (ChangeSetEntry entry : entries) {
      counts[entry.result().action().ordinal()]++;
    }
    java.util.Map<Action, Long> tally = new java.util.EnumMap<>(Action.class);
    for (Action action : Action.values()) {
      if (counts[action.ordinal()] > 0) {
        tally.put(action, counts[action.ordinal()]);
      }
    }
    return tally;
  }
}
