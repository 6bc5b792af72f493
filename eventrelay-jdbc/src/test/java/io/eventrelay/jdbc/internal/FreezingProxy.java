package io.eventrelay.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on the loopback interface that forwards to one server, and can freeze the connections
 * it carries: from then on it swallows their bytes without closing them, as a connection whose
 * server or network path vanished looks to its client (half open). Connections made after a freeze
 * work normally. For tests; closing it closes every connection.
 */
final class FreezingProxy implements AutoCloseable {
  private final String host;
  private final int port;
  private final ServerSocket server;
  private final List<Link> links = new CopyOnWriteArrayList<>();

  /** Starts forwarding to {@code host:port}. */
  FreezingProxy(String host, int port) throws IOException {
    this.host = host;
    this.port = port;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon("freezing-proxy-accept", this::accept);
  }

  /** The port to connect to instead of the server's. */
  int port() {
    return server.getLocalPort();
  }

  /** Freezes every connection open now. */
  void freeze() {
    links.forEach(link -> link.frozen = true);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Link link : links) {
      link.close();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Link link = new Link(server.accept(), new Socket(host, port));
        links.add(link);
        daemon("freezing-proxy-up", () -> link.pump(link.client, link.upstream));
        daemon("freezing-proxy-down", () -> link.pump(link.upstream, link.client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void daemon(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
  }

  private static final class Link {
    final Socket client;
    final Socket upstream;
    volatile boolean frozen;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void pump(Socket from, Socket to) {
      byte[] buffer = new byte[8192];
      try (InputStream in = from.getInputStream();
          OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          if (!frozen) {
            out.write(buffer, 0, n);
            out.flush();
          }
        }
      } catch (IOException e) {
        // One side closed: close the other too, below.
      }
      close();
    }

    void close() {
      try {
        client.close();
        upstream.close();
      } catch (IOException e) {
        // Closing sockets of a test proxy: nothing to do.
      }
    }
  }
}
