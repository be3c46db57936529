package dev.poros.policy;

import dev.poros.model.DesiredState;

/**
 * The admission stage as a sync uses it: the standing policies with the engine that evaluates them
 * (and the commit's own), and a fingerprint of the standing ones for the same-commit shortcut.
 */
public final class Admission {
  private final PolicyEngine engine;
  private final StandingPolicies standing;

  public Admission(PolicyEngine engine, StandingPolicies standing) {
    this.engine = engine;
    this.standing = standing;
  }

  public DesiredState admit(DesiredState desired, AdmissionContext context) {
    return engine.admit(desired, standing, context);
  }

  /** Changes when any standing policy does. */
  public String fingerprint() {
    return standing.fingerprint();
  }
}
