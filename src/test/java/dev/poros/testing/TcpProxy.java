package dev.poros.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 to a server on another port, that a test can take away ({@link #stop()}:
 * listener and open connections closed, new ones refused) and bring back on the same port ({@link
 * #start()}) — a server that goes away mid-conversation, without stopping the real one other tests
 * share. It can also be slowed ({@link #delayEachChunk}), so that a test taking it away mid-way
 * does not race a client that finishes in the time one poll takes.
 */
public final class TcpProxy implements AutoCloseable {
  private final int targetPort;
  private final int port;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;
  private volatile long delayMillis;

  public TcpProxy(int targetPort) {
    this.targetPort = targetPort;
    try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      this.port = free.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    start();
  }

  public int port() {
    return port;
  }

  /** Each chunk forwarded, either way, waits {@code delay} first: a distant, slow server. */
  public TcpProxy delayEachChunk(Duration delay) {
    delayMillis = delay.toMillis();
    return this;
  }

  public synchronized void start() {
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress("127.0.0.1", port));
      listener = server;
      Thread accept = new Thread(() -> accept(server), "tcp-proxy-" + port);
      accept.setDaemon(true);
      accept.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the listener and every open connection: the server is gone. */
  public synchronized void stop() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing
    }
    open.forEach(TcpProxy::quietlyClose);
    open.clear();
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket("127.0.0.1", targetPort);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        return; // stopped
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                byte[] chunk = new byte[16 * 1024];
                for (int read; (read = in.read(chunk)) >= 0; ) {
                  if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                  }
                  out.write(chunk, 0, read);
                  out.flush();
                }
              } catch (IOException e) {
                // a side closed
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                quietlyClose(from);
                quietlyClose(to);
              }
            },
            "tcp-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void quietlyClose(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    stop();
  }
}
