package dev.poros.server;

import static dev.poros.server.Replies.error;
import static dev.poros.server.Replies.json;

import dev.poros.model.Json;
import dev.poros.reconcile.Trigger;
import dev.poros.schedule.Agent;
import dev.poros.schedule.PreviewRequests;
import dev.poros.schedule.WatchedRepository;
import dev.poros.status.PullRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Push webhooks: GitHub and Gitea/Forgejo ({@code X-Hub-Signature-256}), GitLab ({@code
 * X-Gitlab-Token}) and a generic HMAC-signed trigger. A delivery is at most 1 MiB (413) and proven
 * (401) before anything happens; a push syncs the repositories following the pushed branch of the
 * pushed repository, a pull request event goes to the previews of the repositories it targets. A
 * delivery seen within the last ten minutes (a retry, a replay) is a duplicate: 200, nothing done.
 */
final class Webhooks {
  static final int MAX_BYTES = 1024 * 1024;

  private static final long DISCARDED_BYTES = 16L * 1024 * 1024;

  private final Agent agent;
  private final PreviewRequests previews;
  private final Metrics metrics;
  private final WebhookSignature signature;
  private final String secret;
  private final BodyPermits permits;
  private final RecentDeliveries recent = new RecentDeliveries(Duration.ofMinutes(10), 10_000);

  /** {@code secret}: the shared secret deliveries prove; null refuses them all. */
  Webhooks(
      Agent agent, PreviewRequests previews, Metrics metrics, String secret, BodyPermits permits) {
    this.agent = agent;
    this.permits = permits;
    this.previews = previews;
    this.metrics = metrics;
    this.secret = secret;
    this.signature = secret == null ? null : new WebhookSignature(secret);
  }

  void register(RoutesConfig routes) {
    post(routes, "github", ctx -> deliver(ctx, this::signed, body -> byEvent(event(ctx), body)));
    post(
        routes,
        "gitlab",
        ctx -> deliver(ctx, this::gitlabToken, body -> byEvent(gitlabEvent(ctx), body)));
    post(routes, "generic", ctx -> deliver(ctx, this::signed, this::named));
  }

  /** An endpoint among the bounded readers of open bodies; one turned away counts as busy. */
  private void post(RoutesConfig routes, String sender, Handler handler) {
    routes.post(
        "/api/v1/webhooks/" + sender,
        permits.bounded(handler, () -> metrics.delivery("busy")),
        Gate.Access.OPEN);
  }

  /** Why a delivery is refused: the {@code error} and {@code message} of the 401. */
  private record Refusal(String error, String message) {}

  /** How a delivery proves it comes from the secret's holder: null, or why it does not. */
  @FunctionalInterface
  private interface Proof {
    Refusal missing(Context ctx, byte[] body);
  }

  /**
   * GitHub, Gitea/Forgejo and generic: the body's HMAC under the secret, as {@code
   * X-Hub-Signature-256: sha256=HEX} or Gitea's and Forgejo's own {@code X-Gitea-Signature: HEX}.
   */
  private Refusal signed(Context ctx, byte[] body) {
    String header = ctx.header("X-Hub-Signature-256");
    for (String own : List.of("X-Gitea-Signature", "X-Forgejo-Signature")) {
      if (header == null && ctx.header(own) != null) {
        header = "sha256=" + ctx.header(own);
      }
    }
    return signature != null && signature.verifies(body, header)
        ? null
        : new Refusal("bad_signature", "missing or wrong X-Hub-Signature-256");
  }

  /** GitLab: the secret itself. */
  private Refusal gitlabToken(Context ctx, byte[] body) {
    return Gate.provesToken(ctx.header("X-Gitlab-Token"), secret)
        ? null
        : new Refusal("bad_token", "missing or wrong X-Gitlab-Token");
  }

  /** One delivery: sized, proven, counted, then {@code act} decides what to sync (202). */
  private void deliver(Context ctx, Proof proof, Function<byte[], Map<String, Object>> act) {
    // refused by its declared length before any of it is read; else read up to the server's limit
    if (ctx.contentLength() > MAX_BYTES) {
      discardModestBody(ctx);
      tooLarge(ctx);
      return;
    }
    byte[] body;
    try {
      body = ctx.bodyAsBytes();
    } catch (HttpResponseException e) {
      if (e.getStatus() != 413) {
        throw e;
      }
      tooLarge(ctx);
      return;
    }
    if (body.length > MAX_BYTES) {
      tooLarge(ctx);
      return;
    }
    Refusal missing = proof.missing(ctx, body);
    if (missing != null) {
      metrics.delivery("rejected");
      error(ctx, 401, missing.error(), missing.message());
      return;
    }
    String delivery = deliveryId(ctx);
    if (delivery != null && !recent.firstTime(delivery)) {
      metrics.delivery("duplicate");
      json(ctx, 200, Map.of("duplicate", delivery, "triggered", List.of()));
      return;
    }
    metrics.delivery("accepted");
    json(ctx, 202, act.apply(payload(ctx, body)));
  }

  /**
   * What tells a delivery from another: the forge's delivery id (GitHub's, Gitea's, Forgejo's,
   * GitLab's event UUID, or {@code X-Poros-Delivery} from any sender); null for a sender that gives
   * none, whose every delivery counts. Not the body's digest: a CI job that triggers the same
   * repository twice sends the same signed body twice, and both must count — the agent's one fetch
   * a second per repository is what bounds a replay.
   */
  private static String deliveryId(Context ctx) {
    for (String header :
        List.of(
            "X-GitHub-Delivery",
            "X-Gitea-Delivery",
            "X-Forgejo-Delivery",
            "X-Gitlab-Event-UUID",
            "X-Poros-Delivery")) {
      String id = ctx.header(header);
      if (id != null && !id.isBlank()) {
        return header + ":" + id;
      }
    }
    return null;
  }

  /**
   * Reads and drops a refused body of up to {@link #DISCARDED_BYTES}: a server that answers and
   * closes while the sender is still writing resets the connection, and the sender never sees the
   * 413. Bigger bodies are not worth reading; their senders may see a reset.
   */
  private static void discardModestBody(Context ctx) {
    if (ctx.contentLength() > DISCARDED_BYTES) {
      return;
    }
    try (InputStream in = ctx.req().getInputStream()) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      // the sender went away; there is no one left to answer
    }
  }

  private void tooLarge(Context ctx) {
    metrics.delivery("too_large");
    error(ctx, 413, "too_large", "webhook payloads are at most 1 MiB (1,048,576 bytes)");
  }

  /**
   * The JSON a delivery carries: its body, or — GitHub's form content type, its default — the
   * form's {@code payload} field. The signature covers the body as sent, either way.
   */
  private static byte[] payload(Context ctx, byte[] body) {
    String type = ctx.contentType();
    if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
      String payload = ctx.formParam("payload");
      return payload == null ? new byte[0] : payload.getBytes(StandardCharsets.UTF_8);
    }
    return body;
  }

  /**
   * A push (GitHub, Gitea, GitLab): the repositories following the pushed branch of the pushed
   * repository sync now. A payload naming no repository URL matches by branch alone.
   */
  private Map<String, Object> push(byte[] body) {
    ForgeEvent.Push push = ForgeEvent.push(Json.JSON.readTree(body));
    return Map.of(
        "ref",
        push.ref(),
        "triggered",
        trigger(
            watched ->
                push.branch().equals(agent.branchOf(watched.name()))
                    && named(watched, push.repositoryUrls())));
  }

  /** Whether a payload naming its repository by {@code urls} names {@code watched}'s; none: any. */
  private static boolean named(WatchedRepository watched, List<String> urls) {
    return urls.isEmpty() || urls.stream().anyMatch(watched.location()::sameRepository);
  }

  /**
   * A pull request event (GitHub, Gitea, GitLab): opened, reopened or pushed to, it is previewed by
   * the repositories whose followed branch it targets; closed or merged, their previews of it are
   * closed.
   */
  private Map<String, Object> pullRequest(byte[] body) {
    ForgeEvent.PullRequest event = ForgeEvent.pullRequest(Json.JSON.readTree(body));
    ForgeEvent.PreviewAction action = event.previewAction();
    List<String> previewing =
        agent.repositories().stream()
            .filter(watched -> previews.previews(watched.name()))
            .filter(watched -> named(watched, event.repositoryUrls()))
            .filter(
                watched ->
                    action == ForgeEvent.PreviewAction.CLOSE
                        || event.baseBranch().equals(agent.branchOf(watched.name())))
            .map(WatchedRepository::name)
            .sorted()
            .toList();
    for (String repository : previewing) {
      switch (action) {
        case PREVIEW ->
            previews.preview(
                repository, new PullRequest(event.number(), event.headSha(), event.baseBranch()));
        case CLOSE -> previews.closed(repository, event.number());
        case NONE -> {}
      }
    }
    return Map.of(
        "event",
        "pull_request",
        "number",
        event.number(),
        "preview",
        action.name().toLowerCase(Locale.ROOT),
        "repositories",
        action == ForgeEvent.PreviewAction.NONE ? List.of() : previewing,
        "triggered",
        List.of());
  }

  /**
   * The event a GitHub, Gitea or Forgejo delivery names; one that names none is taken for a push,
   * as senders of pushes alone do.
   */
  private static String event(Context ctx) {
    for (String header : List.of("X-GitHub-Event", "X-Gitea-Event", "X-Forgejo-Event")) {
      if (ctx.header(header) != null) {
        return ctx.header(header);
      }
    }
    return "push";
  }

  /** GitLab's {@code X-Gitlab-Event} in the words GitHub uses. */
  private static String gitlabEvent(Context ctx) {
    String event = ctx.header("X-Gitlab-Event");
    if (event == null || event.equals("Push Hook") || event.equals("Tag Push Hook")) {
      return "push";
    }
    return event.equals("Merge Request Hook") ? "pull_request" : event;
  }

  /**
   * A push syncs, a pull request event goes to the previews; a ping or any other event is accepted
   * and triggers nothing.
   */
  private Map<String, Object> byEvent(String event, byte[] body) {
    return switch (event) {
      case "push" -> push(body);
      case "pull_request" -> pullRequest(body);
      default -> Map.of("event", event, "triggered", List.of());
    };
  }

  /** A generic trigger: {@code {"repository": NAME}} syncs that repository, {@code {}} all. */
  private Map<String, Object> named(byte[] body) {
    String named = body.length == 0 ? "" : Json.JSON.readTree(body).path("repository").asString("");
    return Map.of("triggered", trigger(watched -> named.isEmpty() || named.equals(watched.name())));
  }

  private List<String> trigger(Predicate<WatchedRepository> which) {
    return agent.repositories().stream()
        .filter(which)
        .map(WatchedRepository::name)
        .filter(name -> agent.trigger(name, Trigger.WEBHOOK))
        .sorted()
        .toList();
  }
}
