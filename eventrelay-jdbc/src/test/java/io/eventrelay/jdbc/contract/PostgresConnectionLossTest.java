package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.eventrelay.Filter;
import io.eventrelay.StorageException;
import io.eventrelay.jdbc.JdbcStorage;
import io.eventrelay.jdbc.TestDatabases;
import io.eventrelay.spi.Delivery;
import io.eventrelay.spi.QueueClaim;
import io.eventrelay.spi.QueueRecord;
import io.eventrelay.spi.QueueStorage;
import io.eventrelay.spi.ReadRequest;
import io.eventrelay.spi.StreamStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When PostgreSQL terminates the storage's connections (an administrator, a failover, a server
 * restart), every call that fails throws a transient {@link StorageException}, never an exception
 * of jOOQ, the pool or the driver, and calls succeed again once the pool has replaced the dead
 * connections. PostgreSQL only: it is the database whose connections can be terminated from
 * outside. The test terminates only the connections of the storage under test, which it names.
 */
class PostgresConnectionLossTest extends StorageContract {
  private static final String OWNER = "owner-1";

  private final String application = "er_loss_" + UUID.randomUUID().toString().substring(0, 8);
  private JdbcStorage storage;
  private Map<String, Callable<?>> calls;

  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }

  @BeforeEach
  void storageWithATopicASubscriptionAndAQueue() {
    Database db = newDatabase();
    relay(db.open()).createTopic("orders").publishAll(events("placed", 30));
    // Outside any relay, so that nothing but the calls below uses these connections.
    storage = JdbcStorage.postgres(TestDatabases.withApplicationName(db.location(), application));
    storage.start(Clock.systemUTC());
    Instant now = Instant.now();
    Instant until = now.plus(Duration.ofMinutes(5));
    StreamStorage streams = storage.streams();
    streams.open("orders", "billing", null, 0, now);
    streams.acquire("orders", "billing", OWNER, now, until);
    QueueStorage queues = storage.queues();
    QueueRecord queue = queues.openQueue("orders", "work", Filter.all(), "orders_dead", true);

    calls = new LinkedHashMap<>();
    calls.put("read", () -> storage.read(new ReadRequest("orders", null, 1, 10, Filter.all())));
    calls.put(
        "filtered read",
        () -> storage.read(new ReadRequest("orders", null, 1, 10, Filter.parse("name == 'x'"))));
    calls.put("lastOffset", () -> storage.lastOffset("orders"));
    calls.put("findTopic", () -> storage.findTopic("orders"));
    calls.put("listTopics", storage::listTopics);
    calls.put("offsetAt", () -> storage.offsetAt("orders", now));
    calls.put("streams.find", () -> streams.find("orders", "billing"));
    calls.put("streams.renew", () -> streams.renew("orders", "billing", OWNER, until));
    calls.put("streams.commit", () -> streams.commit("orders", "billing", OWNER, 0, 0, until));
    calls.put(
        "queues.claim and ackAll",
        () -> {
          List<Delivery> claimed =
              queues.claim(new QueueClaim(queue, OWNER, 2, Instant.now(), until, 0, false));
          return queues.ackAll(claimed.stream().map(Delivery::token).toList());
        });
    calls.put("queues.stats", () -> queues.stats(queue, Filter.all(), Instant.now()));
  }

  @AfterEach
  void closeStorage() {
    if (storage != null) {
      storage.close();
    }
  }

  @Test
  void everyCallFailingOnATerminatedConnectionThrowsATransientStorageExceptionAndCallsRecover()
      throws Exception {
    List<String> names = new ArrayList<>(calls.keySet());
    Map<String, Throwable> failures = new LinkedHashMap<>();
    for (int round = 0; round < names.size(); round++) {
      assertTrue(TestDatabases.terminateConnections(application) > 0, "nothing to terminate");
      // Each call in turn is the first to meet the terminated connections.
      for (int i = 0; i < names.size(); i++) {
        String name = names.get((round + i) % names.size());
        try {
          calls.get(name).call();
        } catch (Exception e) {
          failures.put(name + " (round " + round + ")", e);
        }
      }
    }

    assertFalse(failures.isEmpty(), "no call met a terminated connection");
    failures.forEach(
        (call, e) -> {
          if (!(e instanceof StorageException se) || !se.isTransient()) {
            throw new AssertionError(
                call + " threw " + e + ", not a transient StorageException", e);
          }
        });
    for (String name : names) {
      assertSucceedsAgain(name);
    }
  }

  /** Calls {@code name} until it succeeds: at most once per connection the pool may still hold. */
  private void assertSucceedsAgain(String name) throws Exception {
    Exception last = null;
    for (int attempt = 0; attempt < 12; attempt++) {
      try {
        calls.get(name).call();
        return;
      } catch (StorageException e) {
        last = e;
      }
    }
    fail(name + " still fails after the pool replaced its connections", last);
  }

  @Test
  void terminatingTheConnectionsOfThisTestLeavesOtherConnectionsAlone() throws Exception {
    assertTrue(TestDatabases.terminateConnections(application) > 0);
    assertEquals(0, TestDatabases.terminateConnections(application + "_other"));
  }
}
