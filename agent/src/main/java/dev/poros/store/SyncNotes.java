package dev.poros.store;

import java.util.List;

/** Lines a sync noted (warnings, or audit findings): the first {@value #SHOWN}, and how many. */
public record SyncNotes(List<String> shown, int count) {
  public static final int SHOWN = 100;
  public static final SyncNotes NONE = new SyncNotes(List.of(), 0);

  public SyncNotes {
    shown = List.copyOf(shown);
  }

  public static SyncNotes of(List<String> lines) {
    return new SyncNotes(lines.subList(0, Math.min(SHOWN, lines.size())), lines.size());
  }
}
