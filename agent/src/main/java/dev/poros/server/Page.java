package dev.poros.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard's page frame: header, stylesheet and refresh script (shipped as resources and
 * inlined, so that a page is one request), around a body built from escaped parts.
 */
final class Page {
  private static final String STYLE = resource("/dashboard/poros.css");
  private static final String REFRESH = resource("/dashboard/refresh.js");

  private Page() {}

  static String of(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + Html.esc(title)
        + "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>"
        + STYLE
        + "</style></head><body><header><h1><a href=\"/\">Poros</a></h1><span>GitOps agent</span>"
        + "</header><main>"
        + body
        + "</main><script>"
        + REFRESH
        + "</script></body></html>";
  }

  private static String resource(String name) {
    try (InputStream in = Page.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
