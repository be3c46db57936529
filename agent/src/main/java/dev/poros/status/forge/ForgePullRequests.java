package dev.poros.status.forge;

import dev.poros.status.PullRequest;
import dev.poros.status.PullRequests;
import dev.poros.status.StatusException;
import java.util.List;

/**
 * Pull requests through the forge's REST API: GitHub and Gitea list them at {@code GET
 * /repos/{o}/{r}/pulls?state=open} (number, {@code head.sha}, {@code base.ref}) and keep a head
 * under {@code refs/pull/N/head}; GitLab lists merge requests at {@code GET
 * /projects/{id}/merge_requests?state=opened} ({@code iid}, {@code sha}, {@code target_branch}) and
 * keeps a head under {@code refs/merge-requests/N/head}. Comments go through {@link ForgeComments}.
 */
public final class ForgePullRequests implements PullRequests {
  private final ForgeApi api;
  private final ForgeComments comments;

  public ForgePullRequests(ForgeApi api) {
    this.api = api;
    this.comments = new ForgeComments(api);
  }

  @Override
  public String provider() {
    return api.provider();
  }

  @Override
  public List<PullRequest> open() throws StatusException {
    if (api.isGitLab()) {
      return api.list("/merge_requests?state=opened").stream()
          .map(
              mr ->
                  new PullRequest(
                      mr.path("iid").asLong(),
                      mr.path("sha").asString(""),
                      mr.path("target_branch").asString("")))
          .toList();
    }
    return api.list("/pulls?state=open").stream()
        .map(
            pull ->
                new PullRequest(
                    pull.path("number").asLong(),
                    pull.at("/head/sha").asString(""),
                    pull.at("/base/ref").asString("")))
        .toList();
  }

  @Override
  public String headRef(long number) {
    return api.isGitLab()
        ? "refs/merge-requests/" + number + "/head"
        : "refs/pull/" + number + "/head";
  }

  @Override
  public long comment(long number, String marker, String body) throws StatusException {
    return comments.upsert(number, marker, body);
  }
}
