package dev.poros.server;

import static dev.poros.server.Html.cell;
import static dev.poros.server.Html.code;
import static dev.poros.server.Html.esc;
import static dev.poros.server.Html.fact;
import static dev.poros.server.Html.link;
import static dev.poros.server.Html.raw;
import static dev.poros.server.Html.shortSha;
import static dev.poros.server.Html.state;

import dev.poros.preview.PreviewComment;
import dev.poros.store.PreviewRecord;
import dev.poros.store.PreviewStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/**
 * The dashboard's previews: every pull request previewed (open ones first) with its verdict and
 * counts, and one preview's page — the page its comment links to — with every problem and each
 * changed resource's diff, none cut.
 */
final class PreviewPages {
  private final PreviewStore previews;

  PreviewPages(PreviewStore previews) {
    this.previews = previews;
  }

  void register(RoutesConfig routes) {
    routes.get("/previews", ctx -> ctx.html(list()), Gate.Access.READ);
    routes.get("/previews/{repository}/{number}", this::one, Gate.Access.READ);
  }

  String list() {
    String body =
        "<p><a href=\"/\">← overview</a></p><h2>Pull-request previews</h2>"
            + Html.table(
                "previews",
                List.of(
                    "repository",
                    "pull request",
                    "state",
                    "head",
                    "verdict",
                    "create",
                    "update",
                    "delete",
                    "invalid",
                    "problems"),
                previews.list().stream().map(PreviewPages::row).toList());
    return Page.of("Poros · previews", body);
  }

  private static String row(PreviewRecord p) {
    return cell(p.repository())
        + raw(link(address(p), "#" + p.number()))
        + state(p.state())
        + raw(code(shortSha(p.headSha())))
        + state(p.verdict())
        + cell(String.valueOf(p.counts().create()))
        + cell(String.valueOf(p.counts().update()))
        + cell(String.valueOf(p.counts().delete()))
        + cell(String.valueOf(p.counts().invalid()))
        + cell(String.valueOf(p.problems().size()));
  }

  private static String address(PreviewRecord p) {
    return PreviewComment.page(p.repository(), p.number());
  }

  private void one(Context ctx) {
    String number = ctx.pathParam("number");
    var found =
        number.matches("\\d{1,18}")
            ? previews.get(ctx.pathParam("repository"), Long.parseLong(number))
            : Optional.<PreviewRecord>empty();
    found.ifPresentOrElse(
        p -> ctx.html(page(p)),
        () ->
            ctx.status(404)
                .html(
                    Page.of(
                        "not found",
                        "<p>No preview of "
                            + esc(ctx.pathParam("repository"))
                            + " pull request "
                            + esc(number)
                            + ".</p>")));
  }

  private static String page(PreviewRecord p) {
    PreviewRecord.Counts c = p.counts();
    StringBuilder body =
        new StringBuilder("<p><a href=\"/previews\">← all previews</a></p><h2>")
            .append(esc(p.repository()))
            .append(" · pull request #")
            .append(p.number())
            .append("</h2><p class=\"facts\">")
            .append(fact("verdict", p.verdict()))
            .append(" · ")
            .append(fact("pull request", p.state()))
            .append(" · head ")
            .append(code(shortSha(p.headSha())))
            .append(" into ")
            .append(code(p.baseBranch()))
            .append(" · previewed ")
            .append(Html.when(p.previewedAt()))
            .append("</p><p>")
            .append(c.create())
            .append(" to create, ")
            .append(c.update())
            .append(" to update, ")
            .append(c.delete())
            .append(" to delete, ")
            .append(c.unchanged())
            .append(" unchanged, ")
            .append(c.invalid())
            .append(" invalid</p>");
    if (!p.error().isEmpty()) {
      body.append("<p class=\"bad\">").append(esc(p.error())).append("</p>");
    }
    body.append("<h3>Problems</h3>");
    if (p.problems().isEmpty()) {
      body.append("<p>none</p>");
    } else {
      body.append("<ul>");
      p.problems().forEach(problem -> body.append("<li>").append(code(problem)).append("</li>"));
      body.append("</ul>");
    }
    if (!p.warnings().isEmpty()) {
      body.append("<h3>Warnings</h3><ul>");
      p.warnings().forEach(warning -> body.append("<li>").append(code(warning)).append("</li>"));
      body.append("</ul>");
    }
    body.append("<h3>Changes</h3>");
    if (p.changes().isEmpty()) {
      body.append("<p>none</p>");
    }
    for (PreviewRecord.Change change : p.changes()) {
      body.append("<h4>")
          .append(esc(change.action()))
          .append(" ")
          .append(code(change.id()))
          .append("</h4>");
      if (!change.diff().isEmpty()) {
        body.append(Html.diff(change.diff()));
      }
    }
    return Page.of("Poros · preview of #" + p.number(), body.toString());
  }
}
