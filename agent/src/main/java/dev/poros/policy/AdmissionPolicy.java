package dev.poros.policy;

import dev.poros.model.Hashes;
import dev.poros.model.Origin;
import dev.poros.model.Problem;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One admission policy: its name, where it is written (file and line of each field), which
 * resources it checks, its validations and what a failed one does. {@code fingerprint} changes with
 * any of its content.
 */
public record AdmissionPolicy(
    String name,
    String description,
    Origin origin,
    PolicyMatch match,
    List<Validation> validations,
    PolicyAction action,
    String fingerprint,
    Reads reads) {

  static final String SECTION = "admission-policy";

  public AdmissionPolicy {
    validations = List.copyOf(validations);
  }

  /**
   * Which variables beyond the resource an expression may read (by its text): only these can make
   * the verdict on an unchanged resource differ from one sync to the next.
   */
  record Reads(boolean commit, boolean workspaces, boolean old) {
    static Reads of(List<Validation> validations) {
      return new Reads(
          mentions(validations, "commit"),
          mentions(validations, "workspaces"),
          mentions(validations, "oldResource") || mentions(validations, "oldObject"));
    }

    private static boolean mentions(List<Validation> validations, String variable) {
      return validations.stream()
          .anyMatch(
              v -> v.expression().contains(variable) || v.messageExpression().contains(variable));
    }
  }

  /**
   * One CEL validation, true when the resource passes; {@code message} (or what {@code
   * messageExpression} makes of it) says what is wrong. {@code pointer}: where it is written.
   */
  public record Validation(
      String expression, String message, String messageExpression, String pointer) {}

  /** Thrown when a document is not an admission policy: the problem says where and why. */
  public static final class Invalid extends RuntimeException {
    private final transient Problem problem;

    Invalid(Problem problem) {
      super(problem.toString());
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  /** The policy {@code manifest} declares, read at {@code origin}. */
  public static AdmissionPolicy of(JsonNode manifest, Origin origin) {
    String name = manifest.path("name").asString("");
    if (name.isEmpty()) {
      throw new Invalid(origin.problem("/name", "an admission policy needs a name"));
    }
    JsonNode section = manifest.path(SECTION);
    if (!section.isObject()) {
      throw new Invalid(origin.problem("/" + SECTION, "expected a mapping"));
    }
    JsonNode match = section.path("match");
    PolicyMatch matching =
        new PolicyMatch(
            strings(match.path("types")),
            strings(match.path("workspaces")),
            strings(match.path("kinds")));
    JsonNode listed = section.path("validations");
    if (!listed.isArray() || listed.isEmpty()) {
      throw new Invalid(
          origin.problem("/" + SECTION + "/validations", "expected a list of validations"));
    }
    List<Validation> validations = new ArrayList<>();
    for (int i = 0; i < listed.size(); i++) {
      JsonNode v = listed.get(i);
      String pointer = "/" + SECTION + "/validations/" + i;
      String expression = v.path("expression").asString("");
      if (expression.isBlank()) {
        throw new Invalid(origin.problem(pointer + "/expression", "required"));
      }
      validations.add(
          new Validation(
              expression,
              v.path("message").asString(""),
              v.path("messageExpression").asString(""),
              pointer));
    }
    String word = section.path("action").asString("deny");
    PolicyAction action;
    try {
      action = PolicyAction.of(word);
    } catch (IllegalArgumentException e) {
      throw new Invalid(
          origin.problem("/" + SECTION + "/action", "'" + word + "' is not deny, warn or audit"));
    }
    return new AdmissionPolicy(
        name,
        manifest.path("description").asString(""),
        origin,
        matching,
        validations,
        action,
        Hashes.sha256(manifest.toString()),
        Reads.of(validations));
  }

  /** A problem of this policy itself, at {@code pointer} within it. */
  Problem problem(String pointer, String message) {
    return origin.problem(pointer, "policy " + name + ": " + message);
  }

  private static List<String> strings(JsonNode list) {
    return list.isArray() ? list.valueStream().map(JsonNode::asString).toList() : List.of();
  }
}
