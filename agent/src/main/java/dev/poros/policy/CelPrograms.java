package dev.poros.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationListener;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.runtime.CelVariableResolver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * CEL expressions of admission policies, compiled once per text and kept, and evaluated within a
 * cost budget: each evaluated expression node costs one, and an evaluation over {@code budget} ends
 * as an error — a hostile or careless expression cannot hold a sync up.
 */
public final class CelPrograms {
  /** The variables every expression may use. */
  static final List<String> VARIABLES =
      List.of(
          "resource", "oldResource", "object", "oldObject", "commit", "repository", "workspaces");

  /**
   * Steps (expression nodes evaluated) one evaluation may take: far above any sensible rule over
   * one manifest, far below what would hold a sync of 10,000 resources up.
   */
  public static final long DEFAULT_BUDGET = 100_000;

  private static final int MAX_PATTERN_PROGRAM = 1_000;
  private final long budget;
  private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();
  private final Patterns patterns = new Patterns();
  private final LongAdder evaluations = new LongAdder();
  private Cel cel;

  /** CEL's compiler and runtime: made at the first compile (loading CEL takes half a second). */
  private record Cel(CelCompiler compiler, CelRuntime runtime) {}

  public CelPrograms(long budget) {
    this.budget = budget;
  }

  private synchronized Cel cel() {
    if (cel == null) {
      CelOptions options =
          CelOptions.current()
              .comprehensionMaxIterations(100_000)
              .maxRegexProgramSize(MAX_PATTERN_PROGRAM)
              // as the CEL specification says: matches() finds the pattern anywhere (anchor it)
              .enableRegexPartialMatch(true)
              .build();
      var builder =
          CelCompilerFactory.standardCelCompilerBuilder()
              .setOptions(options)
              .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
              .addLibraries(CelExtensions.strings(), CelExtensions.bindings());
      VARIABLES.forEach(name -> builder.addVar(name, SimpleType.DYN));
      cel =
          new Cel(
              builder.build(),
              CelRuntimeFactory.standardCelRuntimeBuilder()
                  .setOptions(options)
                  .setStandardEnvironmentEnabled(false)
                  .setStandardFunctions(
                      CelStandardFunctions.newBuilder()
                          .excludeFunctions(CelStandardFunctions.StandardFunction.MATCHES)
                          .build())
                  .addFunctionBindings(
                      CelFunctionBinding.from(
                          "matches", String.class, String.class, patterns::find),
                      CelFunctionBinding.from(
                          "matches_string", String.class, String.class, patterns::find))
                  .addLibraries(CelExtensions.strings())
                  .build());
    }
    return cel;
  }

  /**
   * CEL's {@code matches}, with each pattern compiled once: CEL's own compiles it on every call,
   * which was a fifth of the admission's time with the shipped {@code dataos-names}. As the CEL
   * specification says, the pattern is found anywhere (anchors anchor), by RE2 (linear time), and a
   * pattern over {@value #MAX_PATTERN_PROGRAM} program steps is refused.
   */
  private static final class Patterns {
    private static final int REMEMBERED = 1_000;
    private final Map<String, Object> known = new ConcurrentHashMap<>();

    Object find(String text, String pattern) throws CelEvaluationException {
      Object compiled = known.get(pattern);
      if (compiled == null) {
        compiled = compileNow(pattern);
        if (known.size() >= REMEMBERED) {
          known.clear();
        }
        known.put(pattern, compiled);
      }
      if (compiled instanceof String error) {
        throw new CelEvaluationException(error);
      }
      return ((Pattern) compiled).matcher(text).find();
    }

    /** The pattern compiled, or why it cannot be (a String). */
    private static Object compileNow(String pattern) {
      try {
        Pattern made = Pattern.compile(pattern);
        return made.programSize() > MAX_PATTERN_PROGRAM
            ? "pattern " + pattern + " is over " + MAX_PATTERN_PROGRAM + " program steps"
            : made;
      } catch (PatternSyntaxException e) {
        return "invalid pattern: " + e.getMessage();
      }
    }
  }

  /**
   * An expression compiled, or why it does not compile; {@code loops}: whether it has a
   * comprehension (a macro such as {@code all} or {@code map}, or {@code cel.bind}) — only those
   * can cost more than their size; {@code reads}: what it sees of its variables.
   */
  public record Compiled(
      CelRuntime.Program program, String error, boolean loops, List<ExpressionReads.Read> reads) {
    Compiled(String error) {
      this(null, error, true, List.of());
    }
  }

  /** How many evaluations these programs have run: for benchmarks and tests. */
  public long evaluations() {
    return evaluations.sum();
  }

  /** {@code expression} compiled (once per text). */
  public Compiled compile(String expression) {
    return compiled.computeIfAbsent(expression, this::compileNow);
  }

  private Compiled compileNow(String expression) {
    try {
      Cel made = cel();
      CelAbstractSyntaxTree ast = made.compiler().compile(expression).getAst();
      boolean loops =
          CelNavigableAst.fromAst(ast)
              .getRoot()
              .allNodes()
              .anyMatch(node -> node.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION);
      return new Compiled(
          made.runtime().createProgram(ast), null, loops, ExpressionReads.of(ast, VARIABLES));
    } catch (CelValidationException e) {
      return new Compiled(oneLine(e.getMessage()));
    } catch (CelEvaluationException | RuntimeException e) {
      return new Compiled(oneLine(String.valueOf(e.getMessage())));
    }
  }

  /** Thrown when an evaluation runs over its budget. */
  static final class OverBudget extends RuntimeException {
    OverBudget(long budget) {
      super("evaluation ran over its cost budget of " + budget + " steps", null, false, false);
    }
  }

  /**
   * Evaluates {@code compiled} on the variables {@code resolver} finds; throws {@link
   * CelEvaluationException} when it errs and {@link OverBudget} when it costs more than the budget.
   * An expression without loops evaluates each of its nodes at most once, so it cannot run over:
   * only one with loops is metered, node by node (which costs it about a third more).
   */
  Object evaluate(Compiled compiled, CelVariableResolver resolver) throws CelEvaluationException {
    evaluations.increment();
    if (!compiled.loops()) {
      return compiled.program().eval(resolver);
    }
    return metered(compiled.program(), resolver);
  }

  private Object metered(CelRuntime.Program program, CelVariableResolver resolver)
      throws CelEvaluationException {
    long[] spent = {0};
    CelEvaluationListener meter =
        (expr, value) -> {
          if (++spent[0] > budget) {
            throw new OverBudget(budget);
          }
        };
    try {
      return program.trace(resolver, meter);
    } catch (CelEvaluationException e) {
      if (e.getCause() instanceof OverBudget over) {
        throw over;
      }
      throw e;
    }
  }

  /** CEL's first message line, without its {@code ERROR: <input>:} prefix: {@code 1:10: …}. */
  static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    String first = message.strip().lines().findFirst().orElse("");
    return first.replaceFirst("^ERROR: <input>:", "at ");
  }
}
