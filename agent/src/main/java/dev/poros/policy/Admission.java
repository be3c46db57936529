package dev.poros.policy;

import dev.poros.model.DaemonThreads;
import dev.poros.model.DesiredState;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The admission stage as a sync uses it: the standing policies with the engine that evaluates them
 * (and the commit's own), and a fingerprint of the standing ones for the same-commit shortcut.
 */
public final class Admission {
  private final PolicyEngine engine;
  private final StandingPolicies standing;
  private final AtomicBoolean prepared = new AtomicBoolean();

  public Admission(PolicyEngine engine, StandingPolicies standing) {
    this.engine = engine;
    this.standing = standing;
  }

  /**
   * Compiles the standing policies on a thread of their own, once: loading CEL takes a few hundred
   * milliseconds that a sync can spend reading its commit meanwhile.
   */
  public void prepare() {
    if (prepared.compareAndSet(false, true)) {
      DaemonThreads.named("poros-policy-compile").newThread(() -> engine.compile(standing)).start();
    }
  }

  public DesiredState admit(DesiredState desired, AdmissionContext context) {
    return engine.admit(desired, standing, context);
  }

  /**
   * {@code desired} admitted within its commit's {@code scope}, with each one's findings apart (see
   * {@link PolicyEngine#admit(DesiredState, PolicyEngine.CommitScope, StandingPolicies,
   * AdmissionContext)}).
   */
  public PolicyEngine.Admitted admit(
      DesiredState desired, PolicyEngine.CommitScope scope, AdmissionContext context) {
    return engine.admit(desired, scope, standing, context);
  }

  /** Changes when any standing policy does. */
  public String fingerprint() {
    return standing.fingerprint();
  }
}
