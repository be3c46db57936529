package dev.poros.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.transport.resolver.FileResolver;

/**
 * A Git server over smart HTTP on 127.0.0.1: JGit's {@code GitServlet} on Jetty, serving every
 * repository under a folder at {@code http://127.0.0.1:PORT/git/NAME}. It can go away and come back
 * on the same port, and can ask for HTTP basic credentials, as a private forge does.
 */
public final class GitHttpServer implements AutoCloseable {
  private final Path repositories;
  private final String username;
  private final String password;
  private Server jetty;
  private int port;

  private GitHttpServer(Path repositories, String username, String password) {
    this.repositories = repositories;
    this.username = username;
    this.password = password;
  }

  /** Serves the repositories under {@code repositories} to anyone. */
  public static GitHttpServer serving(Path repositories) {
    return new GitHttpServer(repositories, null, null).start();
  }

  /** Serves them only to requests with basic credentials {@code username}:{@code password}. */
  public static GitHttpServer serving(Path repositories, String username, String password) {
    return new GitHttpServer(repositories, username, password).start();
  }

  /** The URL of the repository in folder {@code name}. */
  public String url(String name) {
    return "http://127.0.0.1:" + port + "/git/" + name;
  }

  /** Starts (again, on the same port once it had one). */
  public GitHttpServer start() {
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setReuseAddress(true);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    GitServlet git = new GitServlet();
    git.setRepositoryResolver(new FileResolver<>(repositories.toFile(), true));
    context.addServlet(new ServletHolder(git), "/git/*");
    if (username != null) {
      context.addFilter(new FilterHolder(basicAuth()), "/*", EnumSet.allOf(DispatcherType.class));
    }
    jetty.setHandler(context);
    try {
      jetty.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the git server: " + e.getMessage(), e);
    }
    port = connector.getLocalPort();
    return this;
  }

  /** Goes away: connections to its port are refused until {@link #start()}. */
  public void stop() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the git server: " + e.getMessage(), e);
    }
  }

  private Filter basicAuth() {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    return (request, response, chain) -> {
      String given = ((HttpServletRequest) request).getHeader("Authorization");
      if (expected.equals(given)) {
        chain.doFilter(request, response);
      } else {
        HttpServletResponse http = (HttpServletResponse) response;
        http.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
        http.sendError(401);
      }
    };
  }

  @Override
  public void close() {
    if (jetty != null && jetty.isStarted()) {
      stop();
    }
  }
}
