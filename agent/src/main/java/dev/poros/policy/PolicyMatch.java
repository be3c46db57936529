package dev.poros.policy;

import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Which resources a policy checks: DataOS {@code types} ({@code *}: all), Kubernetes {@code kinds}
 * ({@code Kind} or {@code group/Kind}, {@code v1/Kind} for the core group; {@code *}: all), and the
 * {@code workspaces} of workspace-level resources (globs; instance-level resources always match).
 * With neither types nor kinds, every resource. Admission policies are never checked by policies.
 */
public record PolicyMatch(List<String> types, List<String> workspaces, List<String> kinds) {
  public static final PolicyMatch ALL = new PolicyMatch(List.of(), List.of(), List.of());

  public PolicyMatch {
    types = List.copyOf(types);
    workspaces = List.copyOf(workspaces);
    kinds = List.copyOf(kinds);
  }

  boolean matches(Resource resource) {
    if (resource.type() == ResourceType.ADMISSION_POLICY) {
      return false;
    }
    boolean everything = types.isEmpty() && kinds.isEmpty();
    boolean ofType =
        resource.type() == ResourceType.KUBERNETES
            ? matchesObject(resource.manifest())
            : types.contains("*") || types.contains(resource.type().typeName());
    return (everything || ofType) && inWorkspace(resource);
  }

  /** Whether this policy checks Kubernetes objects, and so those a {@code runnable} becomes. */
  boolean matchesObjectsOf(Resource runnable) {
    return !kinds.isEmpty() && inWorkspace(runnable);
  }

  /** Whether {@code object}'s kind is one this policy checks. */
  boolean matchesObject(JsonNode object) {
    return kinds.stream().anyMatch(kind -> kindMatches(kind, object));
  }

  private boolean inWorkspace(Resource resource) {
    String workspace = resource.workspace();
    if (workspaces.isEmpty() || workspace == null || workspace.isEmpty()) {
      return true;
    }
    return workspaces.stream().anyMatch(glob -> glob(glob).matcher(workspace).matches());
  }

  private static boolean kindMatches(String wanted, JsonNode object) {
    String kind = object.path("kind").asString("");
    String apiVersion = object.path("apiVersion").asString("");
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "v1" : apiVersion.substring(0, slash);
    if (wanted.equals("*")) {
      return true;
    }
    return wanted.contains("/") ? wanted.equals(group + "/" + kind) : wanted.equals(kind);
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString());
  }
}
