package dev.poros.server;

import static dev.poros.server.Html.cell;
import static dev.poros.server.Html.code;
import static dev.poros.server.Html.esc;
import static dev.poros.server.Html.link;
import static dev.poros.server.Html.raw;
import static dev.poros.server.Html.shortSha;
import static dev.poros.server.Html.state;

import dev.poros.model.Json;
import dev.poros.model.RecordedResource;
import dev.poros.model.ResourceKey;
import dev.poros.store.EventRecord;
import dev.poros.store.ResourceFilter;
import dev.poros.store.RunRecord;
import dev.poros.store.Stores;
import dev.poros.store.SyncRecord;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The HTML dashboard: server-rendered pages, no build step. The overview shows the repositories
 * (last commit, sync state, fetch errors), the resources (filtered by workspace, type and status;
 * coloured by status, runtime and health) and the sync history; a resource page shows its last
 * diff, spec (secrets masked), events and workflow runs. A few lines of JavaScript refresh the page
 * in place every few seconds, unless someone is using a control. Every value is HTML-escaped.
 */
final class Dashboard {
  private static final int REFRESH_MILLIS = 5000;

  private final RepositoryStates repositories;
  private final Stores stores;
  private final Gate gate;

  Dashboard(RepositoryStates repositories, Stores stores, Gate gate) {
    this.repositories = repositories;
    this.stores = stores;
    this.gate = gate;
  }

  void register(RoutesConfig routes) {
    routes.get(
        "/",
        ctx ->
            ctx.html(
                overview(
                    ctx.queryParam("workspace"), ctx.queryParam("type"), ctx.queryParam("status"))),
        Gate.Access.READ);
    routes.get(
        "/resources/<id>",
        ctx ->
            resource(ctx.pathParam("id"))
                .ifPresentOrElse(
                    ctx::html,
                    () ->
                        ctx.status(404)
                            .html(
                                page(
                                    "not found",
                                    "<p>No resource " + esc(ctx.pathParam("id")) + ".</p>"))),
        Gate.Access.READ);
    routes.get("/login", ctx -> ctx.html(login(ctx.queryParam("next"), false)), Gate.Access.OPEN);
    routes.post("/login", this::logIn, Gate.Access.OPEN);
  }

  /** Where a person who may not see {@code path} yet goes: the login page, then back. */
  static String loginPath(String path) {
    return "/login?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
  }

  String overview(String workspace, String type, String status) {
    StringBuilder body = new StringBuilder("<h2>Repositories</h2>");
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
    List<RecordedResource> shown =
        stores
            .resources()
            .list(
                new ResourceFilter(
                    blankToNull(type),
                    blankToNull(workspace),
                    blankToNull(status),
                    null,
                    false,
                    false));
    body.append(
        Html.table(
            "resources",
            List.of(
                "type", "name", "workspace", "status", "runtime", "health", "commit", "message"),
            shown.stream().map(Dashboard::resourceRow).toList()));

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
    return page("Poros", body.toString());
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
        + cell(state.watched().spec().url())
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
    return page("Poros · " + r.name(), body.toString());
  }

  /** "status <b>active</b>", the value coloured by its class. */
  private static String fact(String name, String label) {
    return name + " <b class=\"" + esc(label) + "\">" + esc(label) + "</b>";
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

  private String login(String next, boolean failed) {
    String body =
        "<form method=\"post\" action=\"/login\" class=\"login\"><h2>Sign in</h2>"
            + (failed ? "<p class=\"bad\">That is not the token.</p>" : "")
            + "<p>This agent asks for its API token (the file given to <code>--auth-token-file</code>).</p>"
            + "<input type=\"hidden\" name=\"next\" value=\""
            + esc(next)
            + "\"><input type=\"password\" name=\"token\" autofocus placeholder=\"token\"> <button>sign in</button></form>";
    return page("Poros · sign in", body);
  }

  /** Checks the token a person typed; on success sets the session cookie and goes on. */
  private void logIn(Context ctx) {
    if (!gate.isToken(ctx.formParam("token"))) {
      ctx.status(401).html(login(ctx.formParam("next"), true));
      return;
    }
    Cookie cookie = new Cookie(Gate.COOKIE, gate.session());
    cookie.setPath("/");
    cookie.setHttpOnly(true);
    cookie.setSameSite(SameSite.STRICT);
    ctx.cookie(cookie);
    ctx.redirect(localPath(ctx.formParam("next")));
  }

  /** Only a path on this server: a login must not send anyone elsewhere. */
  private static String localPath(String next) {
    return next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\")
        ? next
        : "/";
  }

  private static String page(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + esc(title)
        + "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>"
        + STYLE
        + "</style></head><body><header><h1><a href=\"/\">Poros</a></h1><span>GitOps agent</span></header><main>"
        + body
        + "</main><script>"
        + REFRESH.replace("MILLIS", String.valueOf(REFRESH_MILLIS))
        + "</script></body></html>";
  }

  /** Replaces the page's main part with a fresh copy, unless someone is using a control. */
  private static final String REFRESH =
      "setInterval(async()=>{const a=document.activeElement;"
          + "if(a&&a!==document.body||document.querySelector('details[open]'))return;"
          + "try{const r=await fetch(location.href);if(!r.ok)return;"
          + "const d=new DOMParser().parseFromString(await r.text(),'text/html');"
          + "document.querySelector('main').replaceWith(d.querySelector('main'));}catch(e){}},MILLIS);";

  private static final String STYLE =
      "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d2433;background:#f4f6f9}"
          + "header{display:flex;align-items:baseline;gap:1rem;padding:.9rem 2rem;background:#1f2a44;color:#fff}"
          + "header h1{margin:0;font-size:1.4rem}header a{color:#fff;text-decoration:none}header span{opacity:.7}"
          + "main{padding:1rem 2rem 3rem}h2{font-size:1.05rem;margin:1.8rem 0 .6rem;color:#44506a}"
          + "table{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 3px #0002;border-radius:6px;overflow:hidden}"
          + "th,td{padding:.45rem .7rem;border-bottom:1px solid #e6e9ef;text-align:left;font-size:.88rem;vertical-align:top}"
          + "th{background:#eef1f6;font-weight:600}tbody tr:hover{background:#f8faff}"
          + "a{color:#2757c5}code{font-size:.85em;background:#eef1f6;padding:.05rem .3rem;border-radius:3px}"
          + "pre{background:#fff;padding:1rem;overflow:auto;box-shadow:0 1px 3px #0002;border-radius:6px;font-size:.82rem}"
          + ".filters{display:flex;gap:1rem;margin-bottom:.6rem}select{padding:.2rem}"
          + ".diff .add{color:#137333;background:#e6f4ea}.diff .del{color:#b3261e;background:#fce8e6}"
          + ".diff .hunk{color:#6b4fbb}.diff .file{color:#5f6b85}.none{color:#8a94a8;font-style:italic}"
          + ".active,.Healthy,.succeeded,.ok,.created,.configured,.deleted{color:#137333;font-weight:600}"
          + ".error,.Degraded,.failed,.bad,.degraded,.invalid,.held,.interrupted{color:#b3261e;font-weight:600}"
          + ".waiting,.Progressing,.running,.pending,.progress,.skipped{color:#a15c00;font-weight:600}"
          + "span.ok,span.progress{white-space:nowrap}"
          + ".login{max-width:26rem;margin:3rem auto;background:#fff;padding:1.5rem;border-radius:6px;box-shadow:0 1px 3px #0002}"
          + ".login input[type=password]{padding:.4rem;width:16rem}";

  private static List<String> distinct(
      List<RecordedResource> resources,
      java.util.function.Function<RecordedResource, String> field) {
    TreeSet<String> values = new TreeSet<>();
    resources.stream().map(field).filter(v -> v != null && !v.isEmpty()).forEach(values::add);
    return List.copyOf(values);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
