package dev.poros.status.forge;

import dev.poros.status.CommitStatus;
import dev.poros.status.StatusException;
import dev.poros.status.StatusPublisher;
import dev.poros.status.StatusState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Commit statuses through the REST API GitHub and Gitea (and Forgejo) share: {@code POST
 * /repos/{owner}/{repo}/statuses/{sha}} with {@code state}, {@code context}, {@code description}
 * and {@code target_url}; GitLab's {@code POST /projects/{id}/statuses/{sha}} names the context
 * {@code name} and has its own states (a sync under way is {@code running}, a failure or an error
 * {@code failed}).
 */
public final class ForgeStatuses implements StatusPublisher {
  private final ForgeApi api;

  public ForgeStatuses(ForgeApi api) {
    this.api = api;
  }

  @Override
  public String provider() {
    return api.provider();
  }

  @Override
  public void publish(CommitStatus status) throws StatusException {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("state", api.isGitLab() ? gitlab(status.state()) : status.state().word());
    body.put(api.isGitLab() ? "name" : "context", status.context());
    body.put("description", status.description());
    if (!status.targetUrl().isEmpty()) {
      body.put("target_url", status.targetUrl());
    }
    api.call("POST", "/statuses/" + status.commit(), body);
  }

  private static String gitlab(StatusState state) {
    return switch (state) {
      case PENDING -> "running";
      case SUCCESS -> "success";
      case FAILURE, ERROR -> "failed";
    };
  }
}
