package dev.poros.server;

import static dev.poros.server.Html.cell;
import static dev.poros.server.Html.code;
import static dev.poros.server.Html.esc;
import static dev.poros.server.Html.fact;
import static dev.poros.server.Html.link;
import static dev.poros.server.Html.raw;
import static dev.poros.server.Html.shortSha;
import static dev.poros.server.Html.state;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.poros.model.Json;
import dev.poros.model.RecordedResource;
import dev.poros.model.ResourceKey;
import dev.poros.store.EventRecord;
import dev.poros.store.ResourceFilter;
import dev.poros.store.RunRecord;
import dev.poros.store.Stores;
import dev.poros.store.SyncNotes;
import dev.poros.store.SyncRecord;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The HTML dashboard: server-rendered pages, no build step. The overview shows the repositories
 * (last commit, sync state, fetch errors), the resources (filtered by workspace, type and status;
 * coloured by status, runtime and health) and the sync history; a resource page shows its last
 * diff, spec (secrets masked), events and workflow runs. A few lines of JavaScript refresh the page
 * in place every few seconds, unless someone is using a control. Every value is HTML-escaped.
 */
final class Dashboard {
  /** Resources a page lists: enough to scan, few enough to refresh every few seconds. */
  static final int PAGE_SIZE = 200;

  private final RepositoryStates repositories;
  private final Stores stores;

  Dashboard(RepositoryStates repositories, Stores stores) {
    this.repositories = repositories;
    this.stores = stores;
  }

  void register(RoutesConfig routes) {
    routes.get(
        "/",
        ctx ->
            ctx.html(
                overview(
                    new Filter(
                        blankToNull(ctx.queryParam("workspace")),
                        blankToNull(ctx.queryParam("type")),
                        blankToNull(ctx.queryParam("status")),
                        ctx.queryParamAsClass("page", Integer.class).getOrDefault(1)))),
        Gate.Access.READ);
    routes.get(
        "/syncs/{id}",
        ctx -> page(ctx, syncNumber(ctx.pathParam("id")).flatMap(this::sync), "sync"),
        Gate.Access.READ);
    routes.get(
        "/resources/<id>",
        ctx -> page(ctx, resource(ctx.pathParam("id")), "resource"),
        Gate.Access.READ);
  }

  /** {@code html} when there is such a {@code what}, else a 404 page naming the one asked for. */
  private static void page(Context ctx, Optional<String> html, String what) {
    html.ifPresentOrElse(
        ctx::html,
        () ->
            ctx.status(404)
                .html(
                    Page.of(
                        "not found", "<p>No " + what + " " + esc(ctx.pathParam("id")) + ".</p>")));
  }

  private static Optional<Long> syncNumber(String text) {
    return text.matches("\\d{1,18}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
  }

  /** The page a commit status links to: what one sync read, did and found, resource by resource. */
  Optional<String> sync(long id) {
    return stores.syncs().get(id).map(this::syncPage);
  }

  private String syncPage(SyncRecord s) {
    StringBuilder body =
        new StringBuilder("<p><a href=\"/\">← all resources</a></p><h2>Sync #")
            .append(s.id())
            .append("</h2><p class=\"facts\">")
            .append(fact("outcome", s.outcome()))
            .append(" · ")
            .append(fact("trigger", s.trigger()))
            .append(" · commit ")
            .append(code(shortSha(s.commit())))
            .append(" ")
            .append(esc(s.commitMessage()))
            .append("</p><p>")
            .append(s.created())
            .append(" created, ")
            .append(s.updated())
            .append(" updated, ")
            .append(s.deleted())
            .append(" deleted, ")
            .append(s.unchanged())
            .append(" unchanged, ")
            .append(s.failed())
            .append(" failed</p><p>")
            .append(esc(s.message()))
            .append("</p>")
            .append(notes("Warnings", s.warnings()))
            .append(notes("Audit findings", s.audits()))
            .append("<h2>Results</h2>")
            .append(
                Html.table(
                    "results",
                    List.of("resource", "action", "message"),
                    stores.events().forSync(s.id()).stream()
                        .map(
                            e ->
                                raw(link("/resources/" + e.resourceKey(), e.resourceKey()))
                                    + state(e.action())
                                    + cell(e.message()))
                        .toList()));
    return Page.of("Poros · sync #" + s.id(), body.toString());
  }

  /** A sync's warnings or audit findings as a list under {@code title}; nothing when none. */
  private static String notes(String title, SyncNotes notes) {
    if (notes.count() == 0) {
      return "";
    }
    StringBuilder html =
        new StringBuilder("<h2>").append(esc(title)).append(" (").append(notes.count());
    html.append(")</h2><ul class=\"notes\">");
    notes.shown().forEach(line -> html.append("<li>").append(esc(line)).append("</li>"));
    if (notes.count() > notes.shown().size()) {
      html.append("<li>… and ").append(notes.count() - notes.shown().size()).append(" more</li>");
    }
    return html.append("</ul>").toString();
  }

  /** The overview's resource filter and which page of its resources to show (from 1). */
  record Filter(String workspace, String type, String status, int page) {
    Filter {
      page = Math.max(1, page);
    }

    /** The overview's address for another page of the same filter. */
    String pageLink(int other) {
      StringBuilder query = new StringBuilder("/?page=").append(other);
      for (String[] p :
          List.of(
              new String[] {"workspace", workspace},
              new String[] {"type", type},
              new String[] {"status", status})) {
        if (p[1] != null) {
          query.append('&').append(p[0]).append('=').append(URLEncoder.encode(p[1], UTF_8));
        }
      }
      return query.toString();
    }
  }

  String overview(Filter filter) {
    String workspace = filter.workspace();
    String type = filter.type();
    String status = filter.status();
    StringBuilder body =
        new StringBuilder("<p class=\"facts\"><a href=\"/previews\">pull-request previews</a></p>")
            .append("<h2>Repositories</h2>");
    body.append(
        Html.table(
            "repositories",
            List.of("name", "repository", "branch", "last commit", "author", "state"),
            repositories.all().stream().map(Dashboard::repositoryRow).toList()));

    List<RecordedResource> live = stores.resources().list(ResourceFilter.LIVE);
    body.append("<h2>Resources</h2><form method=\"get\" class=\"filters\">")
        .append(Html.select("workspace", distinct(live, RecordedResource::workspace), workspace))
        .append(Html.select("type", distinct(live, RecordedResource::type), type))
        .append(Html.select("status", List.of("active", "error", "waiting"), status))
        .append("<noscript><button>filter</button></noscript></form>");
    ResourceFilter chosen = new ResourceFilter(type, workspace, status, null, false, false);
    // unfiltered (the usual page), the list read for the drop-downs is the one to show
    List<RecordedResource> shown =
        chosen.equals(ResourceFilter.LIVE) ? live : stores.resources().list(chosen);
    int from = Math.min((filter.page() - 1) * PAGE_SIZE, shown.size());
    int to = Math.min(from + PAGE_SIZE, shown.size());
    body.append(
        Html.table(
            "resources",
            List.of(
                "type", "name", "workspace", "status", "runtime", "health", "commit", "message"),
            shown.subList(from, to).stream().map(Dashboard::resourceRow).toList()));
    if (shown.size() > PAGE_SIZE) {
      body.append("<p class=\"pager\">resources ")
          .append(from + 1)
          .append("–")
          .append(to)
          .append(" of ")
          .append(shown.size());
      if (from > 0) {
        body.append(" · ").append(link(filter.pageLink(filter.page() - 1), "← previous"));
      }
      if (to < shown.size()) {
        body.append(" · ").append(link(filter.pageLink(filter.page() + 1), "next →"));
      }
      body.append("</p>");
    }

    Map<Long, String> names = repositories.namesById();
    body.append("<h2>Syncs</h2>")
        .append(
            Html.table(
                "syncs",
                List.of(
                    "#",
                    "repository",
                    "started",
                    "took",
                    "commit",
                    "trigger",
                    "outcome",
                    "created",
                    "updated",
                    "deleted",
                    "failed",
                    "message"),
                stores.syncs().history(15).stream()
                    .map(s -> syncRow(s, names.get(s.repositoryId())))
                    .toList()));
    return Page.of("Poros", body.toString());
  }

  private static String repositoryRow(RepositoryStates.State state) {
    String commit =
        state
            .lastSynced()
            .map(s -> code(shortSha(s.commit())) + " " + esc(s.commitMessage()))
            .orElse("");
    String author = state.lastSynced().map(SyncRecord::commitAuthor).orElse("");
    String sync =
        state
            .backoff()
            .map(
                b ->
                    "<span class=\"bad\">fetch failed "
                        + b.failures()
                        + "×, next try at "
                        + Html.when(b.nextAttempt())
                        + ": "
                        + esc(b.lastError())
                        + "</span>")
            .orElseGet(
                () ->
                    state.syncing()
                        ? "<span class=\"progress\">syncing</span>"
                        : state
                            .latest()
                            .map(
                                s ->
                                    s.outcome().equals("succeeded")
                                        ? "<span class=\"ok\">in sync</span>"
                                        : "<span class=\"bad\">"
                                            + esc(s.outcome() + ": " + s.message())
                                            + "</span>")
                            .orElse("<span class=\"progress\">not synced yet</span>"));
    return cell(state.watched().name())
        + cell(state.watched().location().url())
        + cell(state.branch())
        + raw(commit)
        + cell(author)
        + raw(sync);
  }

  private static String resourceRow(RecordedResource r) {
    return cell(r.type())
        + raw(link("/resources/" + r.key().id(), r.name()))
        + cell(r.workspace())
        + state(r.status().label())
        + state(r.runtime() == null ? null : r.runtime().label())
        + state(r.health() == null ? null : r.health().label())
        + raw(code(shortSha(r.commit())))
        + cell(r.message());
  }

  private static String syncRow(SyncRecord s, String repository) {
    return cell(String.valueOf(s.id()))
        + cell(repository)
        + Html.time(s.startedAt())
        + cell(s.duration() == null ? "" : s.duration().toMillis() + " ms")
        + raw(code(shortSha(s.commit())) + " " + esc(s.commitMessage()))
        + cell(s.trigger())
        + state(s.outcome())
        + cell(String.valueOf(s.created()))
        + cell(String.valueOf(s.updated()))
        + cell(String.valueOf(s.deleted()))
        + cell(String.valueOf(s.failed()))
        + cell(s.message());
  }

  Optional<String> resource(String id) {
    return stores.resources().get(new ResourceKey(id)).map(this::resourcePage);
  }

  private String resourcePage(RecordedResource r) {
    String id = r.key().id();
    StringBuilder body =
        new StringBuilder("<p><a href=\"/\">← all resources</a></p><h2>")
            .append(esc(id))
            .append("</h2><p class=\"facts\">")
            .append(fact("status", r.status().label()));
    if (r.runtime() != null) {
      body.append(" · ").append(fact("runtime", r.runtime().label()));
    }
    if (r.health() != null) {
      body.append(" · ").append(fact("health", r.health().label()));
    }
    body.append(" · ")
        .append(code(r.sourceFile()))
        .append(" at ")
        .append(code(shortSha(r.commit())))
        .append("</p><p>")
        .append(esc(r.message()))
        .append("</p>");
    if (r.drifted()) {
      // what the cluster holds that Git does not say: the live-vs-applied differences
      body.append("<h2>OutOfSync</h2><pre>").append(esc(r.drift())).append("</pre>");
    }
    stores
        .events()
        .lastDiff(id)
        .ifPresent(diff -> body.append("<h2>Last change</h2>").append(Html.diff(diff)));
    body.append("<h2>Spec</h2><pre>").append(esc(Json.toYaml(r.maskedJson()))).append("</pre>");
    List<RunRecord> runs = stores.runs().runs(id, 10);
    if (!runs.isEmpty()) {
      body.append("<h2>Runs</h2>")
          .append(
              Html.table(
                  "runs",
                  List.of("#", "state", "progress", "trigger", "started", "message"),
                  runs.stream()
                      .map(
                          run ->
                              cell(String.valueOf(run.id()))
                                  + state(run.state())
                                  + cell(run.progress())
                                  + cell(run.trigger())
                                  + Html.time(run.startedAt())
                                  + cell(run.message()))
                      .toList()));
    }
    body.append("<h2>Events</h2>")
        .append(
            Html.table(
                "events",
                List.of("at", "sync", "action", "message"),
                stores.events().forResource(id, 30).stream().map(Dashboard::eventRow).toList()));
    return Page.of("Poros · " + r.name(), body.toString());
  }

  private static String eventRow(EventRecord e) {
    String message =
        e.diff() == null
            ? esc(e.message())
            : "<details><summary>"
                + esc(e.message().isEmpty() ? "diff" : e.message())
                + "</summary>"
                + Html.diff(e.diff())
                + "</details>";
    return Html.time(e.at())
        + cell(e.syncId() == null ? "" : "#" + e.syncId())
        + state(e.action())
        + raw(message);
  }

  private static List<String> distinct(
      List<RecordedResource> resources, Function<RecordedResource, String> field) {
    TreeSet<String> values = new TreeSet<>();
    resources.stream().map(field).filter(v -> v != null && !v.isEmpty()).forEach(values::add);
    return List.copyOf(values);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
