package dev.poros.server;

import dev.poros.model.Json;
import dev.poros.model.RecordedResource;
import dev.poros.model.ResourceKey;
import dev.poros.schedule.Agent;
import dev.poros.schedule.WatchedRepository;
import dev.poros.store.EventRecord;
import dev.poros.store.RepositoryRecord;
import dev.poros.store.ResourceFilter;
import dev.poros.store.RunRecord;
import dev.poros.store.Stores;
import dev.poros.store.SyncRecord;
import java.util.List;
import java.util.Optional;

/**
 * The HTML dashboard: server-rendered pages, no build step. The overview lists repositories, the
 * resources (filtered by workspace and type, coloured by status, runtime and health) and the sync
 * history; a resource page shows its spec (secrets masked), events and workflow runs. Pages reload
 * themselves every few seconds. Every value is HTML-escaped.
 */
final class Dashboard {
  private static final int REFRESH_SECONDS = 5;

  private final Agent agent;
  private final Stores stores;

  Dashboard(Agent agent, Stores stores) {
    this.agent = agent;
    this.stores = stores;
  }

  String overview(String workspace, String type) {
    StringBuilder html = page("Poros");
    html.append(
        "<h1>Poros</h1><section><h2>Repositories</h2><table><tr><th>name</th><th>repository</th><th>branch</th>"
            + "<th>last commit</th><th>state</th></tr>");
    List<RepositoryRecord> recorded = stores.repositories().list();
    for (WatchedRepository repository : agent.repositories()) {
      Optional<RepositoryRecord> record =
          recorded.stream()
              .filter(
                  r ->
                      r.url().endsWith(repository.spec().url().replaceFirst("^file://", ""))
                          || r.url().equals(repository.spec().url()))
              .findFirst();
      String state =
          agent
              .backoff(repository.name())
              .map(
                  b ->
                      "<span class=\"bad\">fetch failed "
                          + b.failures()
                          + "×: "
                          + esc(b.lastError())
                          + "</span>")
              .orElse(
                  agent.busyFor(repository.name())
                      ? "<span class=\"progress\">syncing</span>"
                      : "<span class=\"ok\">in sync</span>");
      html.append("<tr><td>")
          .append(esc(repository.name()))
          .append("</td><td>")
          .append(esc(repository.spec().url()))
          .append("</td><td>")
          .append(esc(agent.branchOf(repository.name())))
          .append("</td><td><code>")
          .append(esc(record.map(r -> shortSha(r.lastCommit())).orElse("")))
          .append("</code></td><td>")
          .append(state)
          .append("</td></tr>");
    }
    html.append("</table></section>");
    html.append(
            "<section><h2>Resources</h2><form method=\"get\">workspace <input name=\"workspace\" value=\"")
        .append(esc(workspace))
        .append("\"> type <input name=\"type\" value=\"")
        .append(esc(type))
        .append(
            "\"> <button>filter</button></form><table id=\"resources\"><tr><th>type</th><th>name</th><th>workspace</th>"
                + "<th>status</th><th>runtime</th><th>health</th><th>commit</th><th>message</th></tr>");
    for (RecordedResource r :
        stores
            .resources()
            .list(
                new ResourceFilter(
                    blankToNull(type), blankToNull(workspace), null, null, false, false))) {
      html.append("<tr><td>")
          .append(esc(r.type()))
          .append("</td><td><a href=\"/resources/")
          .append(esc(r.key().id()))
          .append("\">")
          .append(esc(r.name()))
          .append("</a></td><td>")
          .append(esc(r.workspace()))
          .append("</td><td class=\"")
          .append(r.status().label())
          .append("\">")
          .append(r.status().label())
          .append("</td><td class=\"")
          .append(r.runtime() == null ? "" : r.runtime().label())
          .append("\">")
          .append(r.runtime() == null ? "" : r.runtime().label())
          .append("</td><td class=\"")
          .append(r.health() == null ? "" : r.health().label())
          .append("\">")
          .append(r.health() == null ? "" : r.health().label())
          .append("</td><td><code>")
          .append(esc(shortSha(r.commit())))
          .append("</code></td><td>")
          .append(esc(r.message()))
          .append("</td></tr>");
    }
    html.append(
        "</table></section><section><h2>Syncs</h2><table><tr><th>#</th><th>started</th><th>commit</th><th>trigger</th>"
            + "<th>outcome</th><th>created</th><th>updated</th><th>deleted</th><th>failed</th><th>message</th></tr>");
    for (SyncRecord s : stores.syncs().history(15)) {
      html.append("<tr><td>")
          .append(s.id())
          .append("</td><td>")
          .append(s.startedAt())
          .append("</td><td><code>")
          .append(esc(shortSha(s.commit())))
          .append("</code></td><td>")
          .append(esc(s.trigger()))
          .append("</td><td class=\"")
          .append(esc(s.outcome()))
          .append("\">")
          .append(esc(s.outcome()))
          .append("</td><td>")
          .append(s.created())
          .append("</td><td>")
          .append(s.updated())
          .append("</td><td>")
          .append(s.deleted())
          .append("</td><td>")
          .append(s.failed())
          .append("</td><td>")
          .append(esc(s.message()))
          .append("</td></tr>");
    }
    return html.append("</table></section></body></html>").toString();
  }

  Optional<String> resource(String id) {
    return stores
        .resources()
        .get(new ResourceKey(id))
        .map(
            r -> {
              StringBuilder html = page("Poros · " + r.name());
              html.append("<p><a href=\"/\">← all resources</a></p><h1>")
                  .append(esc(r.key().id()))
                  .append("</h1><p>status <b class=\"")
                  .append(r.status().label())
                  .append("\">")
                  .append(r.status().label())
                  .append("</b> · health <b class=\"")
                  .append(r.health() == null ? "" : r.health().label())
                  .append("\">")
                  .append(r.health() == null ? "" : r.health().label())
                  .append("</b> · ")
                  .append(esc(r.message()))
                  .append("</p><h2>Spec</h2><pre>")
                  .append(esc(Json.toYaml(r.maskedJson())))
                  .append(
                      "</pre><h2>Events</h2><table><tr><th>at</th><th>action</th><th>message</th></tr>");
              for (EventRecord e : stores.events().forResource(id, 30)) {
                html.append("<tr><td>")
                    .append(e.at())
                    .append("</td><td>")
                    .append(esc(e.action()))
                    .append("</td><td>")
                    .append(esc(e.message()))
                    .append("</td></tr>");
              }
              html.append("</table>");
              List<RunRecord> runs = stores.runs().runs(id, 10);
              if (!runs.isEmpty()) {
                html.append(
                    "<h2>Runs</h2><table><tr><th>#</th><th>state</th><th>progress</th><th>trigger</th><th>started</th></tr>");
                for (RunRecord run : runs) {
                  html.append("<tr><td>")
                      .append(run.id())
                      .append("</td><td class=\"")
                      .append(esc(run.state()))
                      .append("\">")
                      .append(esc(run.state()))
                      .append("</td><td>")
                      .append(esc(run.progress()))
                      .append("</td><td>")
                      .append(esc(run.trigger()))
                      .append("</td><td>")
                      .append(run.startedAt())
                      .append("</td></tr>");
                }
                html.append("</table>");
              }
              return html.append("</body></html>").toString();
            });
  }

  private static StringBuilder page(String title) {
    return new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
        .append(esc(title))
        .append("</title><meta http-equiv=\"refresh\" content=\"")
        .append(REFRESH_SECONDS)
        .append("\"><style>")
        .append(
            "body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2433;background:#f7f8fa}")
        .append("h1{font-size:1.6rem}h2{font-size:1.1rem;margin-top:2rem;color:#44506a}")
        .append(
            "table{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 2px #0001}")
        .append(
            "th,td{padding:.4rem .6rem;border-bottom:1px solid #e6e9ef;text-align:left;font-size:.9rem}")
        .append("th{background:#eef1f6}pre{background:#fff;padding:1rem;overflow:auto}")
        .append(".active,.Healthy,.succeeded,.ok{color:#137333;font-weight:600}")
        .append(".error,.Degraded,.failed,.bad,.degraded{color:#b3261e;font-weight:600}")
        .append(".waiting,.Progressing,.running,.pending,.progress{color:#a15c00;font-weight:600}")
        .append("</style></head><body>");
  }

  private static String shortSha(String sha) {
    return sha == null ? "" : sha.length() > 7 ? sha.substring(0, 7) : sha;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  static String esc(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
