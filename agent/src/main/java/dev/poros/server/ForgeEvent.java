package dev.poros.server;

import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * What a forge's webhook says happened, as GitHub, Gitea/Forgejo and GitLab word it: a push of a
 * ref to a commit, or something done to a pull (merge) request — its number, its head commit and
 * branch, the branch it targets. Each names its repository by its URLs.
 */
sealed interface ForgeEvent {
  String ZERO_SHA = "0000000000000000000000000000000000000000";

  List<String> repositoryUrls();

  /** A push: {@code ref} ({@code refs/heads/main}) now at {@code after} (zeros: deleted). */
  record Push(String ref, String after, List<String> repositoryUrls) implements ForgeEvent {
    /** The pushed branch, or empty for a tag. */
    public String branch() {
      return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : "";
    }

    public boolean deleted() {
      return after.equals(ZERO_SHA);
    }
  }

  /** What a pull request event asks of its preview. */
  enum PreviewAction {
    /** Opened, reopened or pushed to: preview its head. */
    PREVIEW,
    /** Closed or merged: the preview is closed. */
    CLOSE,
    /** Labelled, assigned, …: nothing to do. */
    NONE
  }

  /** A pull request's event: its number, the action, its head and the branch it targets. */
  record PullRequest(
      long number,
      String action,
      String headSha,
      String headBranch,
      String baseBranch,
      List<String> repositoryUrls)
      implements ForgeEvent {
    public PreviewAction previewAction() {
      return switch (action) {
        // GitHub says synchronize, Gitea synchronized, GitLab open/reopen/update
        case "opened",
            "reopened",
            "synchronize",
            "synchronized",
            "ready_for_review",
            "open",
            "reopen",
            "update" ->
            PreviewAction.PREVIEW;
        case "closed", "close", "merge" -> PreviewAction.CLOSE;
        default -> PreviewAction.NONE;
      };
    }
  }

  /** A push payload of GitHub, Gitea/Forgejo or GitLab. */
  static Push push(JsonNode payload) {
    return new Push(
        payload.path("ref").asString(""),
        payload.path("after").asString(payload.path("checkout_sha").asString("")),
        urls(payload));
  }

  /**
   * A pull request payload of GitHub or Gitea/Forgejo ({@code pull_request}) or a GitLab {@code
   * Merge Request Hook}.
   */
  static PullRequest pullRequest(JsonNode payload) {
    if (payload.path("object_kind").asString("").equals("merge_request")) {
      JsonNode mr = payload.path("object_attributes");
      return new PullRequest(
          mr.path("iid").asLong(),
          mr.path("action").asString(""),
          mr.at("/last_commit/id").asString(""),
          mr.path("source_branch").asString(""),
          mr.path("target_branch").asString(""),
          urls(payload));
    }
    JsonNode pr = payload.path("pull_request");
    return new PullRequest(
        payload.path("number").asLong(pr.path("number").asLong()),
        payload.path("action").asString(""),
        pr.at("/head/sha").asString(""),
        pr.at("/head/ref").asString(""),
        pr.at("/base/ref").asString(""),
        urls(payload));
  }

  /** The URLs a payload gives its repository by: GitHub and Gitea's, and GitLab's. */
  private static List<String> urls(JsonNode payload) {
    return Stream.of(
            payload.path("repository").path("clone_url"),
            payload.path("repository").path("ssh_url"),
            payload.path("repository").path("html_url"),
            payload.path("project").path("git_http_url"),
            payload.path("project").path("git_ssh_url"),
            payload.path("project").path("web_url"))
        .filter(JsonNode::isString)
        .map(JsonNode::asString)
        .toList();
  }
}
