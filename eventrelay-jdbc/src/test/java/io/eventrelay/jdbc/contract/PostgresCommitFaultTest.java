package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.StorageException;
import io.eventrelay.Topic;
import io.eventrelay.jdbc.JdbcStorage;
import io.eventrelay.jdbc.TestDatabases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL append path when the connection fails while committing, and when the topic's
 * offset lock is held by a transaction that does not end.
 */
class PostgresCommitFaultTest extends StorageContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }

  @Test
  void aConnectionLostAfterTheCommitWentThroughStillReportsTheEventsAsStoredOnce() {
    LosingDataSource dataSource = new LosingDataSource(TestDatabases.freshPostgresSchemaUrl());
    EventRelay relay = relay(JdbcStorage.postgres(dataSource));
    Topic topic = relay.createTopic("orders");
    topic.publish(event("before", 0));

    dataSource.loseNextCommit.set(true);
    List<Event> published = topic.publishAll(events("order.placed", 3));

    assertTrue(dataSource.lost.get(), "the commit's answer was lost");
    assertEquals(List.of(2L, 3L, 4L), offsets(published));
    assertEquals(4, topic.lastOffset(), "stored once");
    assertEquals(5, topic.publish(event("after", 0)).offset());
  }

  @Test
  void aPublishWaitingForAnOpenTransactionsOffsetLockFailsAfterTheLockTimeout()
      throws SQLException {
    JdbcStorage storage =
        JdbcStorage.builder()
            .postgres(TestDatabases.freshPostgresSchemaUrl())
            .busyTimeout(Duration.ofMillis(300))
            .build();
    EventRelay relay = relay(storage);
    Topic topic = relay.createTopic("orders");
    try (Connection business = storage.dataSource().getConnection()) {
      business.setAutoCommit(false);
      topic.publishAll(business, events("in.transaction", 1));

      // The same thread publishing outside its open transaction would wait on itself forever.
      long started = System.nanoTime();
      StorageException e =
          assertThrows(StorageException.class, () -> topic.publish(event("outside", 0)));
      long waitedMillis = (System.nanoTime() - started) / 1_000_000;

      assertTrue(e.getMessage().startsWith("publishing 1 events failed"), e.getMessage());
      assertTrue(e.getMessage().contains("lock timeout"), e.getMessage());
      assertTrue(e.getMessage().contains("publish through its connection"), e.getMessage());
      assertTrue(e.isTransient(), "a lock wait fails a whole group at once");
      assertTrue(waitedMillis < 10_000, "waited " + waitedMillis + " ms");
      business.commit();
    }
    assertEquals(2, topic.publish(event("after", 0)).offset());
  }

  /** Connections whose next commit goes through but answers with a lost connection. */
  static final class LosingDataSource extends PGSimpleDataSource {
    private static final long serialVersionUID = 1L;
    final AtomicBoolean loseNextCommit = new AtomicBoolean();
    final AtomicBoolean lost = new AtomicBoolean();

    LosingDataSource(String url) {
      setURL(url);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      Connection real = super.getConnection(user, password);
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                Object result;
                try {
                  result = method.invoke(real, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
                if (method.getName().equals("commit") && loseNextCommit.getAndSet(false)) {
                  lost.set(true);
                  throw new SQLException("injected: connection lost during COMMIT", "08006");
                }
                return result;
              });
    }
  }
}
