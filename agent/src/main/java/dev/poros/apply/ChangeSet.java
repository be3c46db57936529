package dev.poros.apply;

import dev.poros.model.Action;
import java.util.List;

/** Every step of an applied plan, in the order applied. */
public record ChangeSet(List<ChangeSetEntry> entries) {
  public ChangeSet {
    entries = List.copyOf(entries);
  }

  public long count(Action action) {
    return entries.stream().filter(e -> e.result().action() == action).count();
  }
}
