package dev.poros.testing;

import dev.poros.apply.Executor;
import dev.poros.apply.StepResult;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An executor that applies through another, but whose pre-flight check — run once a sync has
 * planned changes and before it records or applies any — waits until the test lets it go: each such
 * sync held in the middle, one at a time, to see what happens meanwhile.
 */
public final class HeldExecutor implements Executor {
  private final Executor inner;
  private final Semaphore held = new Semaphore(0);
  private final Semaphore go = new Semaphore(0);

  public HeldExecutor(Executor inner) {
    this.inner = inner;
  }

  /** Waits until the next sync is held here; false if none came within 30 s. */
  public boolean awaitHeld() throws InterruptedException {
    return held.tryAcquire(30, TimeUnit.SECONDS);
  }

  /** Lets one held sync go on. */
  public void release() {
    go.release();
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public StepResult apply(
      Resource desired, RecordedResource previous, List<Resource> needed, String commit) {
    return inner.apply(desired, previous, needed, commit);
  }

  @Override
  public StepResult delete(RecordedResource recorded) {
    return inner.delete(recorded);
  }

  @Override
  public void preflight() {
    held.release();
    try {
      go.tryAcquire(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
