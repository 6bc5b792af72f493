package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.JobQueue;
import io.eventrelay.Topic;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A claim leases at most its limit, whatever plan PostgreSQL picks. With statistics saying the
 * deliveries table is empty (as autovacuum leaves a drained queue) and a burst of new jobs,
 * PostgreSQL planned {@code IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)} as a nested loop that
 * re-ran the subquery per row and leased the whole backlog.
 */
class PostgresQueueClaimLimitTest extends StorageContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }

  @Test
  void claimLeasesAtMostItsLimitAfterTheDeliveriesTableWasAnalysedEmpty() throws Exception {
    Database db = newDatabase();
    EventRelay relay = relay(db.open(), MutableClock.at(Instant.parse("2024-01-01T00:00:00Z")));
    Topic jobs = relay.createTopic("jobs");
    JobQueue queue = relay.queue("jobs", "mailer");
    assertEquals(List.of(), queue.claim(1));
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("VACUUM ANALYZE eventrelay_deliveries");
    }
    List<Event> burst = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      burst.add(Event.builder("email.requested").source("test").data("{\"n\":" + i + "}").build());
    }
    jobs.publishAll(burst);

    for (int round = 0; round < 8; round++) { // past PostgreSQL's switch to a generic plan
      assertEquals(2, queue.claim(2).size(), "round " + round);
    }
    assertEquals(16, queue.stats().inFlight());
  }
}
