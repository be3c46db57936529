package dev.poros.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The decision point for DataOS access policies ({@code type: policy}, {@code policy.access}), by
 * DataOS's documented rules: a policy applies when one of its subject tag groups is all among the
 * subject's tags, the predicate is one of its predicates, and one of its object groups (tags, or
 * paths) is all among the object's; in each list a plain entry is a group of one, a nested list a
 * group whose members must all match (AND within, OR between). Tags and paths match as globs
 * ({@code *} within a segment, {@code **} across). A matching {@code allow: false} wins over any
 * allow; with no matching policy the answer is deny.
 */
public final class AccessDecisions {
  private final Map<String, JsonNode> policies = new TreeMap<>();

  /**
   * {@code manifests}: DataOS policies by resource id (those that are not access policies are left
   * out), in id order so that the same request is always decided by the same policy.
   */
  public AccessDecisions(Map<String, JsonNode> manifests) {
    manifests.forEach(
        (id, manifest) -> {
          if (manifest.path("policy").path("access").isObject()) {
            policies.put(id, manifest);
          }
        });
  }

  /** A question: who asks, to do what, to which object (its path, its tags, or both). */
  public record Request(
      Set<String> subjectTags, String predicate, String objectPath, Set<String> objectTags) {
    public Request {
      subjectTags = Set.copyOf(subjectTags);
      objectTags = Set.copyOf(objectTags);
      objectPath = objectPath == null ? "" : objectPath;
    }
  }

  /** The answer, the policy that decided it ({@code ""}: none matched) and why, in one line. */
  public record Decision(boolean allowed, String policy, String reason) {}

  public Decision decide(Request request) {
    List<String> allowing = new ArrayList<>();
    for (Map.Entry<String, JsonNode> policy : policies.entrySet()) {
      JsonNode access = policy.getValue().path("policy").path("access");
      if (!applies(access, request)) {
        continue;
      }
      if (!access.path("allow").asBoolean(true)) {
        return new Decision(false, policy.getKey(), policy.getKey() + " denies it (a deny wins)");
      }
      allowing.add(policy.getKey());
    }
    return allowing.isEmpty()
        ? new Decision(false, "", "no access policy allows it")
        : new Decision(true, allowing.get(0), allowing.get(0) + " allows it");
  }

  private static boolean applies(JsonNode access, Request request) {
    boolean predicate =
        access
            .path("predicates")
            .valueStream()
            .anyMatch(p -> p.asString().equals(request.predicate()));
    return predicate
        && anyGroup(access.path("subjects").path("tags"), request.subjectTags())
        && (anyGroup(access.path("objects").path("tags"), request.objectTags())
            || anyGroup(
                access.path("objects").path("paths"),
                request.objectPath().isEmpty() ? Set.of() : Set.of(request.objectPath())));
  }

  /** Whether one group of {@code patterns} (a string, or a list all of whose members) matches. */
  private static boolean anyGroup(JsonNode patterns, Set<String> values) {
    if (!patterns.isArray() || values.isEmpty()) {
      return false;
    }
    for (JsonNode group : patterns) {
      List<String> members =
          group.isArray()
              ? group.valueStream().map(JsonNode::asString).toList()
              : List.of(group.asString());
      if (!members.isEmpty()
          && members.stream()
              .allMatch(m -> values.stream().anyMatch(v -> glob(m).matcher(v).matches()))) {
        return true;
      }
    }
    return false;
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
