package io.eventrelay.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.jdbc.JdbcStorage;
import io.eventrelay.jdbc.TestDatabases;
import io.eventrelay.spi.Storage;
import java.sql.DriverManager;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The LISTEN connection notices that its server went silent (a half-open TCP connection: no error,
 * no answer) within a heartbeat and the network timeout, reconnects, reports every topic changed
 * and goes on notifying. PostgreSQL only.
 */
class PgNotifyWatcherTest {
  private static final Pattern SERVER =
      Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/(.*)");

  /** Every notice; {@code *} for "all topics changed". */
  private final BlockingQueue<String> notices = new LinkedBlockingQueue<>();

  private final Storage.ChangeListener listener =
      new Storage.ChangeListener() {
        @Override
        public void topicChanged(String topic) {
          notices.add(topic);
        }

        @Override
        public void allTopicsChanged() {
          notices.add("*");
        }
      };

  @Test
  void aListeningConnectionThatGoesSilentIsReplacedAndNotificationsResume() throws Exception {
    String url = TestDatabases.freshPostgresSchemaUrl();
    Matcher server = SERVER.matcher(url);
    assertTrue(server.matches(), url);
    String host = server.group(1);
    int port = server.group(2) == null ? 5432 : Integer.parseInt(server.group(2));
    try (FreezingProxy proxy = new FreezingProxy(host, port);
        EventRelay publisher = EventRelay.builder().storage(JdbcStorage.postgres(url)).build()) {
      String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + server.group(3);
      publisher.createTopic("orders");
      PgNotifyWatcher watcher =
          PgNotifyWatcher.start(() -> DriverManager.getConnection(proxied), listener, 200, 500);
      try {
        assertEquals("*", next(), "listening");

        proxy.freeze();
        assertEquals("*", next(), "noticed the silence, reconnected; notices may have been lost");
        publisher.topic("orders").publish(Event.builder("placed").source("t").data("{}").build());

        assertEquals("orders", next());
      } finally {
        watcher.close();
      }
    }
  }

  private String next() throws InterruptedException {
    String notice = notices.poll(5, TimeUnit.SECONDS);
    assertTrue(notice != null, "no notice within 5 s");
    return notice;
  }
}
