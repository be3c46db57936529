package dev.poros.model;

import java.util.concurrent.ThreadFactory;

/**
 * Threads named for what they do, that never keep the JVM alive: the agent's background work stops
 * with it, and its own shutdown closes that work first.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
