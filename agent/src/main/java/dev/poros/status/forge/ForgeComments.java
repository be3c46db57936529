package dev.poros.status.forge;

import dev.poros.status.StatusException;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One comment of Poros's per pull request, through the issue-comment API GitHub and Gitea share
 * (GitLab: a merge request's notes): found again among the pull request's comments by the hidden
 * marker it starts with, edited in place when it is there ({@code PATCH
 * /repos/{o}/{r}/issues/comments/{id}}; GitLab {@code PUT …/merge_requests/{iid}/notes/{id}}),
 * created otherwise ({@code POST /repos/{o}/{r}/issues/{n}/comments}; GitLab {@code POST
 * …/merge_requests/{iid}/notes}).
 */
public final class ForgeComments {
  private final ForgeApi api;

  public ForgeComments(ForgeApi api) {
    this.api = api;
  }

  /**
   * Writes {@code body} (which starts with {@code marker}) as Poros's comment on pull request
   * {@code number}; returns the comment's id, the same on every call.
   */
  public long upsert(long number, String marker, String body) throws StatusException {
    Long existing = find(number, marker);
    if (existing == null) {
      return api.call("POST", list(number), Map.of("body", body)).path("id").asLong();
    }
    if (api.isGitLab()) {
      api.call("PUT", list(number) + "/" + existing, Map.of("body", body));
    } else {
      api.call("PATCH", "/issues/comments/" + existing, Map.of("body", body));
    }
    return existing;
  }

  /** Where pull request {@code number}'s comments are listed and made. */
  private String list(long number) {
    return api.isGitLab()
        ? "/merge_requests/" + number + "/notes"
        : "/issues/" + number + "/comments";
  }

  private Long find(long number, String marker) throws StatusException {
    for (JsonNode comment : api.list(list(number))) {
      if (comment.path("body").asString("").startsWith(marker)) {
        return comment.path("id").asLong();
      }
    }
    return null;
  }
}
