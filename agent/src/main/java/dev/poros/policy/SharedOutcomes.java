package dev.poros.policy;

import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One admission's outcomes of expressions, shared by the resources that show an expression the same
 * values where it reads ({@link ExpressionReads}): resources alike in what a policy checks (their
 * owner, their jobs' timeouts) are judged by one evaluation. Only for one admission, whose commit,
 * repository and workspaces are the same for every resource. An expression whose outcomes are
 * seldom shared (one that reads each resource's name) is evaluated directly once that shows, so its
 * outcomes do not fill memory.
 */
final class SharedOutcomes {
  /** Lookups after which an expression is shared only if a quarter of them found an outcome. */
  private static final int TRIAL = 500;

  private final CelPrograms programs;
  private final Map<Key, Outcome> known = new ConcurrentHashMap<>();
  private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

  SharedOutcomes(CelPrograms programs) {
    this.programs = programs;
  }

  private record Key(String expression, List<Object> seen) {}

  /** How often an expression's outcome was looked up, and found. */
  private static final class Tally {
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger found = new AtomicInteger();

    boolean worthSharing() {
      int tried = lookups.get();
      return tried < TRIAL || found.get() * 4 >= tried;
    }
  }

  /** A value, or the error evaluating gave (thrown again for each resource that shares it). */
  private record Outcome(Object value, CelEvaluationException error, CelPrograms.OverBudget over) {
    Object get() throws CelEvaluationException {
      if (error != null) {
        throw error;
      }
      if (over != null) {
        throw over;
      }
      return value;
    }
  }

  /** {@code expression} on {@code variables}, as {@link CelPrograms#evaluate} would give it. */
  Object evaluate(String expression, PolicyVariables variables) throws CelEvaluationException {
    CelPrograms.Compiled compiled = programs.compile(expression);
    Tally tally = tallies.computeIfAbsent(expression, text -> new Tally());
    if (!tally.worthSharing()) {
      return programs.evaluate(compiled, variables);
    }
    List<Object> seen = new ArrayList<>(compiled.reads().size());
    for (ExpressionReads.Read read : compiled.reads()) {
      seen.add(variables.seen(read));
    }
    Key key = new Key(expression, seen);
    Outcome outcome = known.get(key);
    tally.lookups.incrementAndGet();
    if (outcome != null) {
      tally.found.incrementAndGet();
    } else {
      outcome = evaluateNow(compiled, variables);
      known.put(key, outcome);
    }
    return outcome.get();
  }

  private Outcome evaluateNow(CelPrograms.Compiled compiled, PolicyVariables variables) {
    try {
      return new Outcome(programs.evaluate(compiled, variables), null, null);
    } catch (CelEvaluationException e) {
      return new Outcome(null, e, null);
    } catch (CelPrograms.OverBudget e) {
      return new Outcome(null, null, e);
    }
  }
}
