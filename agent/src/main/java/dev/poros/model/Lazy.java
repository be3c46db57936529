package dev.poros.model;

import java.util.function.Supplier;

/**
 * A value made the first time it is asked for, once, whichever thread asks: for what start-up need
 * not pay when a run never uses it (the schema validator in a sync of the commit already synced).
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> make;
  private volatile T value;

  public Lazy(Supplier<T> make) {
    this.make = make;
  }

  @Override
  public T get() {
    T made = value;
    if (made == null) {
      synchronized (this) {
        if (value == null) {
          value = make.get();
        }
        made = value;
      }
    }
    return made;
  }
}
