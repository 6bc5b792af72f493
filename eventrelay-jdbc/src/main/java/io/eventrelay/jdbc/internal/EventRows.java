package io.eventrelay.jdbc.internal;

import io.eventrelay.Event;
import io.eventrelay.spi.EventRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.UUID;

/**
 * Binds events to the insert statement and reads rows back, in {@link EventTable#EVENT_COLUMNS}
 * order.
 */
final class EventRows {
  private final Dialect dialect;

  EventRows(Dialect dialect) {
    this.dialect = dialect;
  }

  /** Binds one event to the parameters after {@code base} (so {@code base + 1} to {@code + 18}). */
  void bind(PreparedStatement ps, int base, long topicId, long offset, Event e, long recordedAt)
      throws SQLException {
    ps.setLong(base + 1, topicId);
    ps.setLong(base + 2, offset);
    dialect.setUuid(ps, base + 3, e.id());
    ps.setString(base + 4, e.topicIdentifier().orElse(null));
    ps.setString(base + 5, e.name());
    ps.setString(base + 6, e.source());
    ps.setString(base + 7, e.dataJson());
    ps.setString(base + 8, e.contextJson());
    ps.setLong(base + 9, Micros.of(e.occurredAt()));
    Instant availableAt = e.availableAt().orElse(null);
    if (availableAt == null) {
      ps.setNull(base + 10, Types.BIGINT);
    } else {
      ps.setLong(base + 10, Micros.of(availableAt));
    }
    ps.setLong(base + 11, recordedAt);
    ps.setString(base + 12, e.userKey().orElse(null));
    ps.setString(base + 13, e.anonymousKey().orElse(null));
    ps.setString(base + 14, e.groupKey().orElse(null));
    ps.setString(base + 15, e.referenceKey().orElse(null));
    ps.setString(base + 16, e.traceKey().orElse(null));
    ps.setString(base + 17, e.dataSchema().orElse(null));
    dialect.setUuid(ps, base + 18, e.prevId().orElse(null));
  }

  Event read(ResultSet rs, String topic) throws SQLException {
    long availableAt = rs.getLong(10);
    Instant available = rs.wasNull() ? null : Micros.toInstant(availableAt);
    UUID id = dialect.getUuid(rs, 3);
    return Event.fromRecord(
        new EventRecord(
            id,
            topic,
            rs.getString(4),
            rs.getLong(2),
            rs.getString(5),
            rs.getString(6),
            rs.getString(7),
            rs.getString(8),
            Micros.toInstant(rs.getLong(9)),
            available,
            Micros.toInstant(rs.getLong(11)),
            rs.getString(12),
            rs.getString(13),
            rs.getString(14),
            rs.getString(15),
            rs.getString(16),
            rs.getString(17),
            dialect.getUuid(rs, 18)));
  }
}
