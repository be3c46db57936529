package dev.poros.server;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;

/** Small pieces of server-rendered HTML; every text that goes in is escaped. */
final class Html {
  private Html() {}

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

  /** A table cell holding {@code text}. */
  static String cell(String text) {
    return "<td>" + esc(text) + "</td>";
  }

  /** A table cell whose class is its value, so that the stylesheet colours states. */
  static String state(String label) {
    return label == null ? "<td></td>" : "<td class=\"" + esc(label) + "\">" + esc(label) + "</td>";
  }

  /** A table cell holding markup already built from escaped parts. */
  static String raw(String html) {
    return "<td>" + html + "</td>";
  }

  /** "status <b>active</b>", the value coloured by its class. */
  static String fact(String name, String label) {
    return name + " <b class=\"" + esc(label) + "\">" + esc(label) + "</b>";
  }

  /** Code-styled text; nothing at all for none, rather than an empty box. */
  static String code(String text) {
    return text == null || text.isEmpty() ? "" : "<code>" + esc(text) + "</code>";
  }

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** A moment to the second, in UTC. */
  static String when(Instant at) {
    return WHEN.format(at);
  }

  /** A cell with a moment to the second, the full instant as its tooltip. */
  static String time(Instant at) {
    return at == null ? "<td></td>" : "<td title=\"" + at + "\">" + when(at) + "</td>";
  }

  static String link(String href, String text) {
    return "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>";
  }

  static String shortSha(String sha) {
    return sha == null ? "" : sha.length() > 7 ? sha.substring(0, 7) : sha;
  }

  /** A table: {@code id} (may be null), a header row, then the rows, each a run of cells. */
  static String table(String id, Collection<String> headers, Collection<String> rows) {
    StringBuilder html = new StringBuilder("<table");
    if (id != null) {
      html.append(" id=\"").append(esc(id)).append('"');
    }
    html.append("><thead><tr>");
    headers.forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
    html.append("</tr></thead><tbody>");
    rows.forEach(r -> html.append("<tr>").append(r).append("</tr>"));
    if (rows.isEmpty()) {
      html.append("<tr><td class=\"none\" colspan=\"")
          .append(headers.size())
          .append("\">none</td></tr>");
    }
    return html.append("</tbody></table>").toString();
  }

  /** A drop-down for a filter: every value there is, the chosen one selected, "all" first. */
  static String select(String name, Collection<String> values, String chosen) {
    StringBuilder html =
        new StringBuilder("<label>")
            .append(esc(name))
            .append(" <select name=\"")
            .append(esc(name))
            .append("\" onchange=\"this.form.submit()\"><option value=\"\">all</option>");
    for (String value : values) {
      html.append("<option")
          .append(value.equals(chosen) ? " selected" : "")
          .append(">")
          .append(esc(value))
          .append("</option>");
    }
    return html.append("</select></label>").toString();
  }

  /** A unified diff, its added and removed lines marked for colour. */
  static String diff(String diff) {
    StringBuilder html = new StringBuilder("<pre class=\"diff\">");
    for (String line : diff.split("\n", -1)) {
      String kind =
          line.startsWith("+++") || line.startsWith("---")
              ? "file"
              : line.startsWith("+")
                  ? "add"
                  : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : null;
      if (kind == null) {
        html.append(esc(line));
      } else {
        html.append("<span class=\"")
            .append(kind)
            .append("\">")
            .append(esc(line))
            .append("</span>");
      }
      html.append('\n');
    }
    return html.append("</pre>").toString();
  }
}
