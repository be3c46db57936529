package dev.poros.apply;

import dev.poros.plan.PlanStep;

/** One applied step: the step, the executor that carried it and what came of it. */
public record ChangeSetEntry(PlanStep step, String executor, StepResult result) {}
