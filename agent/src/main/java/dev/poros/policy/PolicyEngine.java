package dev.poros.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.poros.model.DesiredState;
import dev.poros.model.Json;
import dev.poros.model.Problem;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission stage: checks each resource a commit may apply against the standing policies and
 * the commit's own {@code admission-policy} documents. A {@code deny} rejects the resource (its
 * problem is {@code policy NAME: message} at the resource's line), a {@code warn} is a warning of
 * the sync, an {@code audit} a log line. A policy that does not compile, errs or runs over its
 * budget on a resource is reported and denies nothing. Verdicts are remembered per policy, resource
 * and recorded state, so a sync evaluates only what changed since the last one.
 */
public final class PolicyEngine {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyEngine.class);
  private static final int REMEMBERED = 200_000;

  private final CelPrograms programs;
  private final java.util.concurrent.atomic.LongAdder evaluations =
      new java.util.concurrent.atomic.LongAdder();
  // unbounded growth is cut by forgetting everything: verdicts are cheap to make again
  private final Map<VerdictKey, List<Finding>> verdicts =
      new java.util.concurrent.ConcurrentHashMap<>(1 << 16);

  public PolicyEngine(CelPrograms programs) {
    this.programs = programs;
  }

  /** How many policy verdicts this engine has evaluated (not remembered): for benchmarks. */
  public long evaluations() {
    return evaluations.sum();
  }

  /** A policy's verdict on one resource: a failed validation ({@code action}) or an error. */
  record Finding(PolicyAction action, Problem problem) {
    boolean error() {
      return action == null;
    }
  }

  /** {@code desired} with what {@code standing} and its own admission policies deny taken out. */
  public DesiredState admit(
      DesiredState desired, StandingPolicies standing, AdmissionContext context) {
    List<Problem> warnings = new ArrayList<>(standing.problems());
    Map<ResourceKey, DesiredState.Rejection> rejected = new HashMap<>(desired.rejected());
    List<AdmissionPolicy> policies = new ArrayList<>();
    for (AdmissionPolicy policy : standing.policies()) {
      List<Problem> broken = compileProblems(policy);
      if (broken.isEmpty()) {
        policies.add(policy);
      } else {
        warnings.addAll(broken);
      }
    }
    // the repository's own policies apply to the commit that declares them
    for (Resource declared : desired.resources()) {
      if (declared.type() != ResourceType.ADMISSION_POLICY) {
        continue;
      }
      List<Problem> broken;
      AdmissionPolicy policy = null;
      try {
        policy = AdmissionPolicy.of(declared.manifest(), declared.origin());
        broken = compileProblems(policy);
      } catch (AdmissionPolicy.Invalid e) {
        broken = List.of(e.problem());
      }
      if (broken.isEmpty()) {
        policies.add(policy);
      } else {
        rejected.put(declared.key(), new DesiredState.Rejection(declared, broken));
      }
    }
    List<String> workspaces = workspacesOf(desired.resources());
    List<Resource> candidates =
        desired.resources().stream().filter(r -> !rejected.containsKey(r.key())).toList();
    // CEL programs are immutable and the remembered verdicts a concurrent map: every core judges
    List<List<Finding>> verdicts =
        candidates.parallelStream()
            .map(resource -> findings(policies, resource, context, workspaces))
            .toList();
    List<Resource> fit = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      Resource resource = candidates.get(i);
      List<Problem> denied = new ArrayList<>();
      for (Finding finding : verdicts.get(i)) {
        if (finding.error() || finding.action() == PolicyAction.WARN) {
          warnings.add(finding.problem());
        } else if (finding.action() == PolicyAction.DENY) {
          denied.add(finding.problem());
        } else {
          LOG.info("policy audit: {}", finding.problem());
        }
      }
      if (denied.isEmpty()) {
        fit.add(resource);
      } else {
        rejected.put(resource.key(), new DesiredState.Rejection(resource, denied));
      }
    }
    return desired.judged(fit, rejected, warnings);
  }

  private List<Problem> compileProblems(AdmissionPolicy policy) {
    List<Problem> problems = new ArrayList<>();
    for (AdmissionPolicy.Validation validation : policy.validations()) {
      Map<String, String> expressions = new LinkedHashMap<>();
      expressions.put("expression", validation.expression());
      expressions.put("messageExpression", validation.messageExpression());
      expressions.forEach(
          (field, expression) -> {
            String error = expression.isEmpty() ? null : programs.compile(expression).error();
            if (error != null) {
              problems.add(
                  policy.problem(
                      validation.pointer() + "/" + field,
                      "does not compile, " + error + "; it denies nothing"));
            }
          });
    }
    return problems;
  }

  /**
   * The workspaces a commit's Kubernetes objects may live in: those of its workspace-level DataOS
   * resources, and DataOS's default {@code public}.
   */
  static List<String> workspacesOf(List<Resource> resources) {
    java.util.TreeSet<String> workspaces = new java.util.TreeSet<>(List.of("public"));
    for (Resource resource : resources) {
      if (resource.type().scope() == dev.poros.model.Scope.WORKSPACE
          && resource.workspace() != null
          && !resource.workspace().isEmpty()) {
        workspaces.add(resource.workspace());
      }
    }
    return List.copyOf(workspaces);
  }

  /** What the {@code policies} that match {@code resource} find wrong with it. */
  List<Finding> findings(
      List<AdmissionPolicy> policies,
      Resource resource,
      AdmissionContext context,
      List<String> workspaces) {
    Variables variables = new Variables(resource, context, workspaces);
    List<Finding> found = new ArrayList<>();
    for (AdmissionPolicy policy : policies) {
      if (policy.match().matches(resource)) {
        found.addAll(verdict(policy, resource, variables));
      }
    }
    return found;
  }

  /**
   * What a verdict depends on: the policy, the resource (its hash covers what it uses), and — only
   * when the policy reads them — its recorded version, the commit, the workspaces; the repository.
   */
  private record VerdictKey(
      String policy,
      String resource,
      String old,
      String commit,
      List<String> workspaces,
      String repository) {}

  private List<Finding> verdict(AdmissionPolicy policy, Resource resource, Variables variables) {
    AdmissionPolicy.Reads reads = policy.reads();
    RecordedResource old = reads.old() ? variables.old() : null;
    VerdictKey key =
        new VerdictKey(
            policy.fingerprint(),
            resource.hash(),
            old == null ? "" : old.hash() + ":" + old.maskedJson().length(),
            reads.commit() ? variables.context.commitSha() : "",
            reads.workspaces() ? variables.workspaces : List.of(),
            variables.repository);
    List<Finding> known = verdicts.get(key);
    if (known != null) {
      return known;
    }
    evaluations.increment();
    List<Finding> found = evaluate(policy, resource, variables.of(reads.old()));
    if (verdicts.size() >= REMEMBERED) {
      verdicts.clear();
    }
    verdicts.put(key, found);
    return found;
  }

  /**
   * The variables of one resource's evaluations, made once for all its policies; the recorded
   * version is read from its JSON only for a policy that asks for it.
   */
  private static final class Variables {
    private final Resource resource;
    private final AdmissionContext context;
    private final List<String> workspaces;
    private final String repository;
    private Map<String, Object> withoutOld;
    private Map<String, Object> withOld;

    Variables(Resource resource, AdmissionContext context, List<String> workspaces) {
      this.resource = resource;
      this.context = context;
      this.workspaces = workspaces;
      this.repository = context.repositoryUrl();
    }

    private RecordedResource old;
    private boolean oldLooked;

    RecordedResource old() {
      if (!oldLooked) {
        old = context.recorded().get(resource.key());
        oldLooked = true;
      }
      return old;
    }

    Map<String, Object> of(boolean readsOld) {
      if (withoutOld == null) {
        Object now = CelValues.of(resource.maskedManifest());
        boolean object = resource.type() == ResourceType.KUBERNETES;
        withoutOld = new HashMap<>();
        withoutOld.put("resource", now);
        withoutOld.put("object", object ? now : CelValues.of(null));
        withoutOld.put("oldResource", CelValues.of(null));
        withoutOld.put("oldObject", CelValues.of(null));
        withoutOld.put("commit", context.commit());
        withoutOld.put("repository", context.repository());
        withoutOld.put("workspaces", workspaces);
      }
      if (!readsOld || old() == null) {
        return withoutOld;
      }
      if (withOld == null) {
        Object before = CelValues.of(Json.JSON.readTree(old().maskedJson()));
        withOld = new HashMap<>(withoutOld);
        withOld.put("oldResource", before);
        withOld.put(
            "oldObject", resource.type() == ResourceType.KUBERNETES ? before : CelValues.of(null));
      }
      return withOld;
    }
  }

  private List<Finding> evaluate(
      AdmissionPolicy policy, Resource resource, Map<String, Object> variables) {
    List<Finding> findings = new ArrayList<>();
    for (AdmissionPolicy.Validation validation : policy.validations()) {
      try {
        Object passed =
            programs.evaluate(programs.compile(validation.expression()).program(), variables);
        if (!(passed instanceof Boolean)) {
          findings.add(
              error(policy, validation, resource, "gave " + passed + ", not true or false"));
        } else if (!(Boolean) passed) {
          findings.add(
              new Finding(
                  policy.action(),
                  resource
                      .origin()
                      .problem(
                          "",
                          "policy "
                              + policy.name()
                              + ": "
                              + message(validation, variables)
                              + (policy.action() == PolicyAction.DENY
                                  ? ""
                                  : " (" + policy.action().word() + ")"))));
        }
      } catch (CelEvaluationException | CelPrograms.OverBudget e) {
        findings.add(error(policy, validation, resource, CelPrograms.oneLine(e.getMessage())));
      }
    }
    return List.copyOf(findings);
  }

  private String message(AdmissionPolicy.Validation validation, Map<String, Object> variables) {
    if (!validation.messageExpression().isEmpty()) {
      try {
        Object made =
            programs.evaluate(
                programs.compile(validation.messageExpression()).program(), variables);
        if (made instanceof String text && !text.isBlank()) {
          return text;
        }
      } catch (CelEvaluationException | CelPrograms.OverBudget e) {
        // the static message, or the expression, says it instead
      }
    }
    return validation.message().isEmpty()
        ? "failed " + validation.expression()
        : validation.message();
  }

  private static Finding error(
      AdmissionPolicy policy,
      AdmissionPolicy.Validation validation,
      Resource resource,
      String message) {
    return new Finding(
        null,
        policy.problem(
            validation.pointer() + "/expression",
            "cannot judge " + resource.key().id() + ": " + message + "; it denies nothing"));
  }
}
