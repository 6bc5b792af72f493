package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.eventrelay.Event;
import io.eventrelay.Topic;
import io.eventrelay.jdbc.JdbcStorage;
import io.eventrelay.jdbc.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * PostgreSQL only (SQLite has no session time zone): with a session time zone unlike the JVM's
 * (surefire runs the JVM in Pacific/Chatham), every time reads back as the same instant, also when
 * written under one session zone and read under another.
 */
class PostgresSessionTimeZoneTest extends StorageContract {
  static final String WRITER_ZONE = "America/St_Johns";
  static final String READER_ZONE = "Asia/Kathmandu";
  String url;

  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }

  @BeforeEach
  void freshSchema() {
    url = TestDatabases.freshPostgresSchemaUrl();
  }

  @Test
  void sessionZoneDiffersFromTheJvmZone() throws SQLException {
    try (Connection c = new SessionZoneDataSource(url, WRITER_ZONE).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW TIME ZONE")) {
      rs.next();
      assertEquals(WRITER_ZONE, rs.getString(1));
    }
    assertNotEquals(WRITER_ZONE, TimeZone.getDefault().getID());
    assertNotEquals(READER_ZONE, TimeZone.getDefault().getID());
  }

  @Test
  void timesReadBackAsTheSameInstantUnderAnySessionZone() {
    MutableClock clock = MutableClock.at(T0);
    JdbcStorage writerStorage = JdbcStorage.postgres(new SessionZoneDataSource(url, WRITER_ZONE));
    Topic writer = relay(writerStorage, clock).createTopic("zones");
    List<Instant> times =
        List.of(
            Instant.parse("2024-11-03T05:30:00.000001Z"), // St. John's leaves daylight saving
            Instant.parse("2024-04-06T14:00:00Z"), // Chatham leaves daylight saving
            Instant.parse("1999-12-31T23:59:59.999999Z"),
            Instant.parse("1965-06-15T12:00:00.5Z"));
    List<Event> drafts = new ArrayList<>();
    for (Instant t : times) {
      drafts.add(event("at", drafts.size()).toBuilder().occurredAt(t).availableAt(t).build());
    }
    writer.publishAll(drafts);
    clock.advance(Duration.ofNanos(1000));
    writer.publish(event("later", 0));

    JdbcStorage readerStorage = JdbcStorage.postgres(new SessionZoneDataSource(url, READER_ZONE));
    Topic reader = relay(readerStorage, clock).topic("zones");
    for (Topic topic : List.of(writer, reader)) {
      List<Event> read = topic.read(1, 10);
      assertEquals(times, read.subList(0, 4).stream().map(Event::occurredAt).toList());
      assertEquals(
          times, read.subList(0, 4).stream().map(e -> e.availableAt().orElseThrow()).toList());
      assertEquals(T0, read.get(0).recordedAt());
      assertEquals(T0.plusNanos(1000), read.get(4).recordedAt());
      assertEquals(1, topic.offsetAt(T0));
      assertEquals(5, topic.offsetAt(T0.plusNanos(1000)));
      assertEquals(6, topic.offsetAt(T0.plusNanos(2000)));
      assertEquals(6, topic.lastOffset() + 1);
    }
  }

  /** The application's own data source, whose connections use a session time zone of its own. */
  static final class SessionZoneDataSource extends PGSimpleDataSource {
    private static final long serialVersionUID = 1L;
    private final String zone;

    SessionZoneDataSource(String url, String zone) {
      this.zone = zone;
      setURL(url);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      Connection c = super.getConnection(user, password);
      try (Statement s = c.createStatement()) {
        s.execute("SET TIME ZONE '" + zone + "'");
      }
      return c;
    }
  }
}
