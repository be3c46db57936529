package dev.poros.testing;

import dev.poros.store.Stores;
import java.util.Objects;

/** The process ids the Poros DB records for a runnable's replicas. */
public final class Pids {
  private Pids() {}

  /** The first recorded pid of resource {@code id}; null when none runs. */
  public static Long of(Stores stores, String id) {
    return stores.processes().of(id).stream()
        .map(p -> p.pid())
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }
}
