package dev.poros.server;

import static dev.poros.server.Replies.error;
import static dev.poros.server.Replies.json;

import dev.poros.apply.local.LogFiles;
import dev.poros.model.Json;
import dev.poros.model.RecordedResource;
import dev.poros.model.ResourceKey;
import dev.poros.policy.AccessDecisions;
import dev.poros.reconcile.Trigger;
import dev.poros.schedule.Agent;
import dev.poros.store.ResourceFilter;
import dev.poros.store.Stores;
import dev.poros.store.SyncRecord;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The JSON API under {@code /api/v1/}: what the agent watches, records and runs. */
final class Api {
  /** Lines of each node's log a run's logs answer with, unless asked for more or fewer. */
  static final int TAIL_LINES = 1000;

  private final Agent agent;
  private final Stores stores;
  private final RepositoryStates repositories;

  Api(Agent agent, Stores stores, RepositoryStates repositories) {
    this.agent = agent;
    this.stores = stores;
    this.repositories = repositories;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/openapi.json", this::openApi, Gate.Access.OPEN);
    routes.get("/api/v1/repositories", this::repositories, Gate.Access.READ);
    routes.post("/api/v1/repositories/{name}/sync", this::triggerSync, Gate.Access.WRITE);
    routes.get("/api/v1/resources", this::resources, Gate.Access.READ);
    routes.get("/api/v1/resources/<id>", this::resource, Gate.Access.READ);
    routes.get("/api/v1/syncs", this::syncs, Gate.Access.READ);
    routes.get("/api/v1/syncs/{id}", this::sync, Gate.Access.READ);
    routes.get("/api/v1/workflows/{id}/runs", this::runs, Gate.Access.READ);
    routes.get("/api/v1/runs/{id}/logs", this::runLogs, Gate.Access.READ);
    routes.get("/api/v1/previews", this::previews, Gate.Access.READ);
    routes.get("/api/v1/authorize", this::authorize, Gate.Access.READ);
    routes.get("/api/v1/previews/{repository}/{number}", this::preview, Gate.Access.READ);
  }

  /** Every pull request's preview, open ones first, without the diffs. */
  private void previews(Context ctx) {
    json(ctx, 200, stores.previews().list().stream().map(p -> Views.preview(p, false)).toList());
  }

  /** One pull request's preview, with each change's diff. */
  private void preview(Context ctx) {
    String repository = ctx.pathParam("repository");
    long number = ctx.pathParamAsClass("number", Long.class).get();
    stores
        .previews()
        .get(repository, number)
        .ifPresentOrElse(
            p -> json(ctx, 200, Views.preview(p, true)),
            () ->
                error(
                    ctx,
                    404,
                    "not_found",
                    "no preview of " + repository + " pull request " + number));
  }

  private void repositories(Context ctx) {
    json(ctx, 200, repositories.all().stream().map(Api::repository).toList());
  }

  private static Map<String, Object> repository(RepositoryStates.State state) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", state.watched().name());
    m.put("url", state.watched().location().url());
    m.put("branch", state.branch());
    m.put("path", state.watched().spec().path());
    m.put("executor", state.watched().executor());
    m.put("intervalSeconds", state.watched().interval().toSeconds());
    m.put("syncing", state.syncing());
    state
        .lastSynced()
        .ifPresent(
            s ->
                m.put(
                    "lastCommit",
                    Map.of(
                        "sha", s.commit(),
                        "message", s.commitMessage(),
                        "author", s.commitAuthor(),
                        "syncedAt", String.valueOf(s.finishedAt()))));
    state
        .latest()
        .ifPresent(
            s ->
                m.put(
                    "lastSync",
                    Map.of("id", s.id(), "outcome", s.outcome(), "message", s.message())));
    state
        .backoff()
        .ifPresent(
            b -> {
              m.put("fetchFailures", b.failures());
              m.put("lastError", b.lastError());
              m.put("failedAt", b.failedAt().toString());
              m.put("backoffSeconds", b.backoff().toSeconds());
              m.put("nextAttempt", b.nextAttempt().toString());
            });
    state.statusError().ifPresent(e -> m.put("statusError", e));
    return m;
  }

  private void triggerSync(Context ctx) {
    if (agent.trigger(ctx.pathParam("name"), Trigger.API)) {
      json(ctx, 202, Map.of("repository", ctx.pathParam("name"), "sync", "queued"));
    } else {
      error(ctx, 404, "not_found", "no repository " + ctx.pathParam("name"));
    }
  }

  private void resources(Context ctx) {
    ResourceFilter filter =
        new ResourceFilter(
            ctx.queryParam("type"),
            ctx.queryParam("workspace"),
            ctx.queryParam("status"),
            ctx.queryParam("health"),
            "deleted".equals(ctx.queryParam("status")),
            false);
    json(ctx, 200, stores.resources().list(filter).stream().map(Views::resource).toList());
  }

  /**
   * A DataOS access decision by the synced access policies: {@code subject} (repeated or
   * comma-separated tags), {@code predicate}, {@code object} (a path) and/or {@code objectTag}.
   */
  private void authorize(Context ctx) {
    Set<String> subject = listParam(ctx, "subject");
    Set<String> objectTags = listParam(ctx, "objectTag");
    String predicate = ctx.queryParam("predicate");
    String object = ctx.queryParam("object");
    if (subject.isEmpty() || predicate == null || (object == null && objectTags.isEmpty())) {
      error(
          ctx,
          400,
          "bad_request",
          "give subject (tags), predicate, and object (a path) or objectTag (tags)");
      return;
    }
    AccessDecisions.Decision decision =
        new AccessDecisions(AccessPolicies.recorded(stores))
            .decide(new AccessDecisions.Request(subject, predicate, object, objectTags));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("allowed", decision.allowed());
    body.put("policy", decision.policy());
    body.put("reason", decision.reason());
    json(ctx, 200, body);
  }

  private static Set<String> listParam(Context ctx, String name) {
    Set<String> values = new LinkedHashSet<>();
    for (String value : ctx.queryParams(name)) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          values.add(part.strip());
        }
      }
    }
    return values;
  }

  private void resource(Context ctx) {
    ResourceKey key = new ResourceKey(ctx.pathParam("id"));
    Optional<RecordedResource> found = stores.resources().get(key);
    if (found.isEmpty()) {
      error(ctx, 404, "not_found", "no resource " + key.id());
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>(Views.resource(found.get()));
    body.put("spec", Json.parse(found.get().maskedJson()));
    body.put("lastDiff", stores.events().lastDiff(key.id()).orElse(null));
    body.put(
        "events", stores.events().forResource(key.id(), 50).stream().map(Views::event).toList());
    json(ctx, 200, body);
  }

  private void syncs(Context ctx) {
    Map<Long, String> names = repositories.namesById();
    json(
        ctx,
        200,
        stores.syncs().history(100).stream()
            .map(s -> Views.sync(s, names.get(s.repositoryId())))
            .toList());
  }

  /** One sync: its row, and what it planned and did to each resource (with the diffs). */
  private void sync(Context ctx) {
    long id = ctx.pathParamAsClass("id", Long.class).get();
    Optional<SyncRecord> sync = stores.syncs().get(id);
    if (sync.isEmpty()) {
      error(ctx, 404, "not_found", "no sync " + id);
      return;
    }
    Map<String, Object> body =
        new LinkedHashMap<>(
            Views.sync(sync.get(), repositories.namesById().get(sync.get().repositoryId())));
    body.put(
        "results",
        stores.events().forSync(id).stream()
            .map(
                e -> {
                  Map<String, Object> result = new LinkedHashMap<>();
                  result.put("id", e.resourceKey());
                  result.putAll(Views.event(e));
                  return result;
                })
            .toList());
    json(ctx, 200, body);
  }

  private void runs(Context ctx) {
    json(
        ctx,
        200,
        stores.runs().runs(ctx.pathParam("id"), 20).stream()
            .map(run -> Views.run(run, stores.runs().nodes(run.id())))
            .toList());
  }

  /**
   * Each node's log of a run (a node's later attempts append to the same file): its last {@code
   * tail} lines (default {@value #TAIL_LINES}), or with {@code since=BYTE} what follows that offset
   * — at most a megabyte per node either way, read a block at a time, never whole. The header
   * {@code X-Poros-Log-Offsets} gives each node's offset to go on from.
   */
  private void runLogs(Context ctx) throws IOException {
    long id = ctx.pathParamAsClass("id", Long.class).get();
    if (stores.runs().run(id).isEmpty()) {
      error(ctx, 404, "not_found", "no run " + id);
      return;
    }
    int tail = ctx.queryParamAsClass("tail", Integer.class).getOrDefault(TAIL_LINES);
    Long since =
        ctx.queryParam("since") == null ? null : ctx.queryParamAsClass("since", Long.class).get();
    Map<String, Object> logs = new LinkedHashMap<>();
    Map<String, Long> offsets = new LinkedHashMap<>();
    for (var node : stores.runs().nodes(id)) {
      if (node.logPath() == null || logs.containsKey(node.node())) {
        continue;
      }
      Path log = Path.of(node.logPath());
      if (!Files.exists(log)) {
        continue;
      }
      if (since == null) {
        LogFiles.Piece last = LogFiles.tail(log, Math.max(1, tail), LogFiles.CHUNK);
        logs.put(node.node(), last.text());
        offsets.put(node.node(), last.next());
      } else {
        StringBuilder text = new StringBuilder();
        long next =
            LogFiles.lines(
                log, since, LogFiles.CHUNK, false, line -> text.append(line).append('\n'));
        logs.put(node.node(), text.toString());
        offsets.put(node.node(), next);
      }
    }
    ctx.header("X-Poros-Log-Offsets", Json.JSON.writeValueAsString(offsets));
    json(ctx, 200, logs);
  }

  /** The API's description, shipped in the jar. */
  private void openApi(Context ctx) throws IOException {
    try (var in = Api.class.getResourceAsStream("/api/openapi.json")) {
      ctx.contentType("application/json").result(in.readAllBytes());
    }
  }
}
