package dev.poros.status;

import java.util.Locale;

/** A commit status's state, in the words GitHub and Gitea use. */
public enum StatusState {
  PENDING,
  SUCCESS,
  FAILURE,
  ERROR;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a sync ended in it (every state but pending). */
  public boolean isFinal() {
    return this != PENDING;
  }
}
