package dev.poros.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.poros.model.DesiredState;
import dev.poros.model.Hashes;
import dev.poros.model.Json;
import dev.poros.model.Problem;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.ResourceType;
import dev.poros.model.Scope;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;

/**
 * The admission stage: checks each resource a commit may apply against the standing policies and
 * the commit's own {@code admission-policy} documents. A {@code deny} rejects the resource (its
 * problem is {@code policy NAME: message} at the resource's line), a {@code warn} is a warning of
 * the sync, an {@code audit} a finding recorded with the sync and nothing more. A policy that does
 * not compile, errs or runs over its budget on a resource is reported and denies nothing. Verdicts
 * are remembered per resource and the policies it matches (in memory, and when clean in the Poros
 * DB through {@link ClearedVerdicts}), so a sync evaluates only what changed since the last one.
 */
public final class PolicyEngine {
  private static final int REMEMBERED = 200_000;

  /** The workspace every commit has. */
  private static final String PUBLIC = "public";

  private final CelPrograms programs;
  private final LongAdder evaluations = new LongAdder();
  // per resource; unbounded growth is cut by forgetting everything: verdicts are cheap to make
  // again
  private final Map<VerdictKey, List<Finding>> verdicts = new ConcurrentHashMap<>(1 << 16);

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
    return admit(desired, CommitScope.of(desired.resources()), standing, context).desired();
  }

  /**
   * An admission's verdict, with its findings apart: {@code general} (about the policies
   * themselves, not a resource), then each judged resource's warnings and audit findings.
   */
  public record Admitted(
      DesiredState desired,
      List<Problem> general,
      Map<ResourceKey, List<Problem>> warnings,
      Map<ResourceKey, List<Problem>> audits) {}

  /**
   * What admitting any one resource of a commit reads besides that resource: the commit's own
   * admission policies and its workspaces (the namespace policy reads them).
   */
  public record CommitScope(List<Resource> policies, List<String> workspaces) {
    public static CommitScope of(List<Resource> resources) {
      return new CommitScope(
          resources.stream().filter(r -> r.type() == ResourceType.ADMISSION_POLICY).toList(),
          workspacesOf(resources));
    }
  }

  /**
   * {@code desired} — a whole commit's verdict, or only the part of it to be judged again —
   * admitted against {@code standing} and the policies of its commit's {@code scope}: a scope
   * policy that does not compile is rejected itself, and the other resources with a denial; what is
   * fit keeps its order.
   */
  public Admitted admit(
      DesiredState desired,
      CommitScope scope,
      StandingPolicies standing,
      AdmissionContext context) {
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
    for (Resource declared : scope.policies()) {
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
    List<Resource> candidates =
        desired.resources().stream().filter(r -> !rejected.containsKey(r.key())).toList();
    // CEL programs are immutable and the remembered verdicts a concurrent map: every core judges
    List<Verdicts> verdicts =
        candidates.parallelStream()
            .map(new Judging(policies, context, scope.workspaces())::judge)
            .toList();
    List<Resource> fit = new ArrayList<>();
    List<Problem> general = List.copyOf(warnings);
    List<Problem> audits = new ArrayList<>();
    Map<ResourceKey, List<Problem>> warningsOf = new HashMap<>();
    Map<ResourceKey, List<Problem>> auditsOf = new HashMap<>();
    Map<ResourceKey, String> cleared = new HashMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      Resource resource = candidates.get(i);
      Verdicts verdict = verdicts.get(i);
      if (verdict.newlyCleared() != null) {
        cleared.put(resource.key(), verdict.newlyCleared());
      }
      List<Problem> denied = new ArrayList<>();
      for (Finding finding : verdict.findings()) {
        if (finding.error() || finding.action() == PolicyAction.WARN) {
          warnings.add(finding.problem());
          warningsOf.computeIfAbsent(resource.key(), k -> new ArrayList<>()).add(finding.problem());
        } else if (finding.action() == PolicyAction.DENY) {
          denied.add(finding.problem());
        } else {
          audits.add(finding.problem());
          auditsOf.computeIfAbsent(resource.key(), k -> new ArrayList<>()).add(finding.problem());
        }
      }
      if (denied.isEmpty()) {
        fit.add(resource);
      } else {
        rejected.put(resource.key(), new DesiredState.Rejection(resource, denied));
      }
    }
    context.cleared().record(cleared);
    return new Admitted(
        desired.judged(fit, rejected, warnings, audits), general, warningsOf, auditsOf);
  }

  /** Compiles {@code standing}'s expressions, so that a later admission finds them compiled. */
  void compile(StandingPolicies standing) {
    standing.policies().forEach(this::compileProblems);
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
  public static List<String> workspacesOf(List<Resource> resources) {
    TreeSet<String> workspaces = new TreeSet<>(List.of(PUBLIC));
    for (Resource resource : resources) {
      String workspace = addsWorkspace(resource);
      if (workspace != null) {
        workspaces.add(workspace);
      }
    }
    return List.copyOf(workspaces);
  }

  /**
   * The workspace {@code resource} adds to its commit's ({@link #workspacesOf}), or null: none, or
   * public, which every commit has.
   */
  public static String addsWorkspace(Resource resource) {
    String workspace = resource.workspace();
    return resource.type().scope() == Scope.WORKSPACE
            && workspace != null
            && !workspace.isEmpty()
            && !workspace.equals(PUBLIC)
        ? workspace
        : null;
  }

  /** What the {@code policies} that match {@code resource} find wrong with it. */
  List<Finding> findings(
      List<AdmissionPolicy> policies,
      Resource resource,
      AdmissionContext context,
      List<String> workspaces) {
    return new Judging(policies, context, workspaces).judge(resource).findings();
  }

  /**
   * One resource's findings; {@code newlyCleared}: the digest of its verdicts when they found
   * nothing and were not known before, to be remembered beyond this process (else null).
   */
  private record Verdicts(List<Finding> findings, String newlyCleared) {}

  /**
   * What the policies matching a resource have in common with other resources they match, made once
   * per set: their content and places ({@code inputs}, with the workspaces if one reads them, and
   * the repository), its digest, and whether one reads the recorded version or the commit.
   */
  private record PolicySet(
      List<AdmissionPolicy> policies,
      List<AdmissionPolicy> onObjects,
      String inputs,
      String digest,
      boolean readsOld,
      boolean readsCommit) {}

  /**
   * What one resource's verdicts depend on: its policy set, its hash (which covers what it uses),
   * its recorded version and the commit when a policy reads them, and where it is (which only the
   * findings' text holds).
   */
  private record VerdictKey(
      String policies, String resource, String old, String commit, String file, int line) {}

  /** One admission's judging: the policy sets it has met so far. */
  private final class Judging {
    private final List<AdmissionPolicy> policies;
    private final AdmissionContext context;
    private final List<String> workspaces;
    private final Map<BitSet, PolicySet> sets = new ConcurrentHashMap<>();
    private final SharedOutcomes outcomes = new SharedOutcomes(programs);
    private final Map<String, Object> constants;

    Judging(List<AdmissionPolicy> policies, AdmissionContext context, List<String> workspaces) {
      this.policies = policies;
      this.context = context;
      this.workspaces = workspaces;
      this.constants =
          Map.of(
              "commit", context.commit(),
              "repository", context.repository(),
              "workspaces", workspaces);
    }

    Verdicts judge(Resource resource) {
      // bit i: policy i checks the resource; bit n + i: the objects it becomes
      int n = policies.size();
      BitSet matched = new BitSet(2 * n);
      boolean renders = context.objects() != RenderedObjects.NONE && resource.type().runnable();
      for (int i = 0; i < n; i++) {
        PolicyMatch match = policies.get(i).match();
        if (match.matches(resource)) {
          matched.set(i);
        }
        if (renders && match.matchesObjectsOf(resource)) {
          matched.set(n + i);
        }
      }
      if (matched.isEmpty()) {
        return new Verdicts(List.of(), null);
      }
      PolicySet set = sets.computeIfAbsent(matched, this::policySet);
      Variables variables = new Variables(resource, context, constants);
      RecordedResource recorded = set.readsOld() ? variables.old() : null;
      VerdictKey key =
          new VerdictKey(
              set.inputs(),
              resource.hash(),
              recorded == null ? "" : recorded.hash() + ":" + recorded.maskedJson().length(),
              set.readsCommit() ? context.commitSha() : "",
              resource.origin().file(),
              resource.origin().line());
      List<Finding> known = verdicts.get(key);
      if (known != null) {
        return new Verdicts(known, null);
      }
      String digest =
          Hashes.sha256(String.join("\n", set.digest(), key.resource(), key.old(), key.commit()));
      if (digest.equals(context.cleared().digest(resource.key()))) {
        remember(key, List.of());
        return new Verdicts(List.of(), null);
      }
      List<Finding> found = new ArrayList<>();
      for (AdmissionPolicy policy : set.policies()) {
        evaluations.increment();
        found.addAll(evaluate(policy, resource, variables.of(policy.reads().old()), outcomes, ""));
      }
      if (!set.onObjects().isEmpty()) {
        for (JsonNode object : context.objects().of(resource)) {
          String about =
              object.path("kind").asString("")
                  + " "
                  + object.path("metadata").path("name").asString("")
                  + ": ";
          for (AdmissionPolicy policy : set.onObjects()) {
            if (policy.match().matchesObject(object)) {
              evaluations.increment();
              found.addAll(
                  evaluate(
                      policy,
                      resource,
                      variables.with(object, policy.reads().old()),
                      outcomes,
                      about));
            }
          }
        }
      }
      List<Finding> verdict = List.copyOf(found);
      remember(key, verdict);
      return new Verdicts(verdict, verdict.isEmpty() ? digest : null);
    }

    private PolicySet policySet(BitSet matched) {
      int n = policies.size();
      List<AdmissionPolicy> direct = matched.get(0, n).stream().mapToObj(policies::get).toList();
      List<AdmissionPolicy> onObjects =
          matched.get(n, 2 * n).stream().mapToObj(policies::get).toList();
      StringBuilder inputs = new StringBuilder(context.repositoryUrl());
      boolean readsWorkspaces = false;
      List<AdmissionPolicy> members = new ArrayList<>(direct);
      members.addAll(onObjects);
      for (int i = 0; i < members.size(); i++) {
        AdmissionPolicy policy = members.get(i);
        inputs
            .append(i < direct.size() ? "\n" : "\nobjects ")
            .append(policy.fingerprint())
            .append(' ')
            .append(policy.origin().file())
            .append(':')
            .append(policy.origin().line());
        readsWorkspaces |= policy.reads().workspaces();
      }
      if (readsWorkspaces) {
        inputs.append('\n').append(String.join(",", workspaces));
      }
      String text = inputs.toString();
      return new PolicySet(
          direct,
          onObjects,
          text,
          Hashes.sha256(text),
          members.stream().anyMatch(p -> p.reads().old()),
          members.stream().anyMatch(p -> p.reads().commit()));
    }
  }

  private void remember(VerdictKey key, List<Finding> verdict) {
    if (verdicts.size() >= REMEMBERED) {
      verdicts.clear();
    }
    verdicts.put(key, verdict);
  }

  /**
   * The variables of one resource's evaluations, made once for all its policies; the recorded
   * version is read from its JSON only for a policy that asks for it.
   */
  private static final class Variables {
    private final Resource resource;
    private final AdmissionContext context;
    private final Map<String, Object> constants;
    private PolicyVariables withoutOld;
    private PolicyVariables withOld;

    /** {@code constants}: the variables that are no document, as CEL values. */
    Variables(Resource resource, AdmissionContext context, Map<String, Object> constants) {
      this.resource = resource;
      this.context = context;
      this.constants = constants;
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

    PolicyVariables of(boolean readsOld) {
      if (withoutOld == null) {
        JsonNode now = resource.maskedManifest();
        withoutOld =
            PolicyVariables.of(
                now, resource.type() == ResourceType.KUBERNETES ? now : null, constants);
      }
      if (!readsOld || old() == null) {
        return withoutOld;
      }
      if (withOld == null) {
        JsonNode before = Json.JSON.readTree(old().maskedJson());
        withOld =
            withoutOld.withOld(before, resource.type() == ResourceType.KUBERNETES ? before : null);
      }
      return withOld;
    }

    /** The variables with {@code object}, one the resource becomes, as {@code object}. */
    PolicyVariables with(JsonNode object, boolean readsOld) {
      return of(readsOld).withObject(object);
    }
  }

  /** {@code about}: what of the resource was checked, when not the resource itself. */
  private static List<Finding> evaluate(
      AdmissionPolicy policy,
      Resource resource,
      PolicyVariables variables,
      SharedOutcomes outcomes,
      String about) {
    List<Finding> findings = new ArrayList<>();
    for (AdmissionPolicy.Validation validation : policy.validations()) {
      try {
        Object passed = outcomes.evaluate(validation.expression(), variables);
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
                              + about
                              + message(validation, variables, outcomes)
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

  private static String message(
      AdmissionPolicy.Validation validation, PolicyVariables variables, SharedOutcomes outcomes) {
    if (!validation.messageExpression().isEmpty()) {
      try {
        Object made = outcomes.evaluate(validation.messageExpression(), variables);
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
