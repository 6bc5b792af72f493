package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.EventRelayException;
import io.eventrelay.JobQueue;
import io.eventrelay.OutcomeUnknownException;
import io.eventrelay.QueueOptions;
import io.eventrelay.QueueStats;
import io.eventrelay.RelayClosedException;
import io.eventrelay.StorageException;
import io.eventrelay.Subscription;
import io.eventrelay.SubscriptionOptions;
import io.eventrelay.Topic;
import io.eventrelay.Worker;
import io.eventrelay.jdbc.contract.FailingStorage.When;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Everything at once while the storage fails: 4 publishers, 2 workers and a stream handler run for
 * {@code eventrelay.test.soakSeconds} (30 by default) while chosen storage operations fail on
 * command (before or after taking effect) and, on PostgreSQL, the relay's own connections are
 * terminated every 2 s. Afterwards: every acknowledged publish is stored once, the stream handled
 * every offset in order with none skipped, every job was acknowledged or dead-lettered, and every
 * exception seen through the API was of an allowed kind.
 */
abstract class FaultSoakContract extends StorageContract {
  private static final Duration SOAK =
      Duration.ofSeconds(Long.getLong("eventrelay.test.soakSeconds", 30));
  private static final String[] OPERATIONS = {
    "append",
    "read",
    "lastOffset",
    "findTopic",
    "streams.commit",
    "streams.renew",
    "streams.acquire",
    "streams.find",
    "queues.claim",
    "queues.ackAll",
    "queues.releaseAll",
    "queues.extendAll",
    "queues.retry",
    "storedOffsets"
  };

  /** Terminates the relay's own database connections, where the database can; see PostgreSQL. */
  abstract void terminateConnections(Database db) throws Exception;

  /** The database to soak; PostgreSQL names its connections so that they can be terminated. */
  Database soakDatabase() {
    return newDatabase();
  }

  @Test
  void publishersWorkersAndAStreamHandlerSurviveFailuresWithNothingLostSkippedOrDoubled()
      throws Exception {
    Database db = soakDatabase();
    FailingStorage storage = new FailingStorage(db.open());
    EventRelay relay = relay(storage);
    Topic topic = relay.createTopic("orders");
    QueueOptions queueOptions =
        QueueOptions.builder().leaseDuration(Duration.ofSeconds(3)).maxAttempts(50).build();
    JobQueue queue = relay.queue("orders", "mailer", queueOptions);
    Set<UUID> jobsDone = ConcurrentHashMap.newKeySet();
    List<Worker> workers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      workers.add(
          queue
              .worker(job -> jobsDone.add(job.event().id()))
              .threads(2)
              .pollInterval(Duration.ofMillis(100))
              .start());
    }
    List<Long> streamed = new CopyOnWriteArrayList<>();
    Subscription billing =
        relay.subscribe(
            "orders",
            "billing",
            SubscriptionOptions.builder()
                .leaseDuration(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(100))
                .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(200))
                .build());
    billing.start(event -> streamed.add(event.offset()));

    Map<UUID, Boolean> acknowledged = new ConcurrentHashMap<>();
    Set<UUID> maybe = ConcurrentHashMap.newKeySet();
    ConcurrentLinkedQueue<Throwable> seen = new ConcurrentLinkedQueue<>();
    long end = System.nanoTime() + SOAK.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      int publisher = p;
      threads.add(
          start(
              () -> {
                int n = 0;
                while (System.nanoTime() < end) {
                  Event draft =
                      event("order.placed", n++).toBuilder().id(UUID.randomUUID()).build();
                  try {
                    topic.publish(draft);
                    acknowledged.put(draft.id(), true);
                  } catch (OutcomeUnknownException e) {
                    maybe.add(draft.id());
                    seen.add(e);
                  } catch (RuntimeException e) {
                    seen.add(e);
                  }
                }
              },
              "soak-publisher-" + publisher));
    }
    threads.add(start(() -> chaos(storage, db, end), "soak-chaos"));
    for (Thread t : threads) {
      t.join(SOAK.toMillis() + 60_000);
    }
    storage.healAll();

    long last = retried(topic::lastOffset);
    awaitTrue(() -> billing.committed() == last, "the stream handler caught up to " + last);
    awaitTrue(
        () -> {
          QueueStats stats = queue.stats();
          return stats.pending() + stats.inFlight() == 0;
        },
        "the queue drained");
    workers.forEach(Worker::close);
    billing.close();

    for (Throwable e : seen) {
      assertTrue(
          e instanceof StorageException && !(e instanceof RelayClosedException),
          "only storage failures reach publishers: " + e);
    }
    List<Event> stored = retried(() -> readAll(topic));
    Set<UUID> storedIds = new HashSet<>();
    stored.forEach(e -> storedIds.add(e.id()));
    assertEquals(stored.size(), storedIds.size(), "no event stored twice");
    assertTrue(storedIds.containsAll(acknowledged.keySet()), "every acknowledged event is stored");
    for (UUID id : storedIds) {
      assertTrue(acknowledged.containsKey(id) || maybe.contains(id), "stored but reported failed");
    }
    assertEquals(range(1, last), distinctInOrder(streamed), "the stream skipped nothing");
    Set<UUID> dead = new HashSet<>();
    retried(() -> readAll(relay.topic(queue.deadLetterTopic())))
        .forEach(e -> dead.add(e.prevId().orElseThrow()));
    for (UUID id : storedIds) {
      assertTrue(jobsDone.contains(id) || dead.contains(id), "a job was lost: " + id);
    }
    assertTrue(acknowledged.size() > 100, "the soak published " + acknowledged.size());
  }

  /** Fails a random operation a few times every 300 ms, and terminates connections every 2 s. */
  private void chaos(FailingStorage storage, Database db, long end) {
    Random random = new Random(42);
    long nextTermination = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < end) {
      String op = OPERATIONS[random.nextInt(OPERATIONS.length)];
      When when = random.nextBoolean() ? When.BEFORE : When.AFTER;
      Supplier<RuntimeException> failure =
          op.equals("append") && when == When.AFTER
              ? () -> new OutcomeUnknownException("injected: lost during COMMIT", null)
              : () -> FailingStorage.connectionLost(op);
      storage.fail(op, when, 1 + random.nextInt(3), failure);
      pause(300);
      storage.heal(op);
      if (System.nanoTime() > nextTermination) {
        nextTermination += 2_000_000_000L;
        try {
          terminateConnections(db);
        } catch (Exception e) {
          throw new EventRelayException("terminating connections failed", e);
        }
      }
    }
  }

  private static List<Long> distinctInOrder(List<Long> offsets) {
    List<Long> out = new ArrayList<>();
    long max = 0;
    for (long offset : offsets) {
      if (offset > max) {
        out.add(offset);
        max = offset;
      }
    }
    return out;
  }

  private static Thread start(Runnable body, String name) {
    Thread t = new Thread(body, name);
    t.start();
    return t;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis); // the soak's own pacing, not a wait for the relay's time
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code read}'s value, asked again while connections terminated by the soak are replaced. */
  private static <T> T retried(Supplier<T> read) {
    for (int attempt = 1; ; attempt++) {
      try {
        return read.get();
      } catch (StorageException e) {
        if (attempt == 10) {
          throw e;
        }
        pause(100);
      }
    }
  }

  private static void awaitTrue(Supplier<Boolean> condition, String what) {
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (true) {
      try {
        if (condition.get()) {
          return;
        }
      } catch (StorageException retry) {
        // a connection still being replaced
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      pause(20);
    }
  }
}
