package io.eventrelay.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.JobQueue;
import io.eventrelay.Topic;
import io.eventrelay.jdbc.JdbcStorage.Synchronous;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite claim commits with {@code synchronous = NORMAL}; the connection goes back to the pool
 * with the configured mode, so publishes and acks still sync as configured.
 */
class SqliteClaimSyncTest {
  @TempDir Path dir;

  @Test
  void aClaimLeavesTheConnectionWithTheConfiguredSyncMode() throws SQLException {
    assertEquals(2, syncModeAfterAClaim(Synchronous.FULL), "FULL is 2");
    assertEquals(1, syncModeAfterAClaim(Synchronous.NORMAL), "NORMAL is 1");
  }

  private int syncModeAfterAClaim(Synchronous mode) throws SQLException {
    JdbcStorage storage =
        JdbcStorage.builder()
            .sqlite(dir.resolve(mode + ".db"))
            .synchronous(mode)
            .maxPoolSize(1) // so the claim's connection is the one checked below
            .build();
    try (EventRelay relay = EventRelay.builder().storage(storage).build()) {
      Topic jobs = relay.createTopic("jobs");
      JobQueue queue = relay.queue("jobs", "work");
      jobs.publishAll(
          List.of(
              Event.builder("a").source("test").data("{}").build(),
              Event.builder("b").source("test").data("{}").build()));

      assertEquals(2, queue.claim(5).size());

      try (Connection c = storage.dataSource().getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
