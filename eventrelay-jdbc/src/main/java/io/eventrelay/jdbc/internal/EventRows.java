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

  void bind(PreparedStatement ps, long topicId, long offset, Event e, long recordedAt)
      throws SQLException {
    ps.setLong(1, topicId);
    ps.setLong(2, offset);
    dialect.setUuid(ps, 3, e.id());
    ps.setString(4, e.topicIdentifier().orElse(null));
    ps.setString(5, e.name());
    ps.setString(6, e.source());
    ps.setString(7, e.dataJson());
    ps.setString(8, e.contextJson());
    ps.setLong(9, Micros.of(e.occurredAt()));
    Instant availableAt = e.availableAt().orElse(null);
    if (availableAt == null) {
      ps.setNull(10, Types.BIGINT);
    } else {
      ps.setLong(10, Micros.of(availableAt));
    }
    ps.setLong(11, recordedAt);
    ps.setString(12, e.userKey().orElse(null));
    ps.setString(13, e.anonymousKey().orElse(null));
    ps.setString(14, e.groupKey().orElse(null));
    ps.setString(15, e.referenceKey().orElse(null));
    ps.setString(16, e.traceKey().orElse(null));
    ps.setString(17, e.dataSchema().orElse(null));
    dialect.setUuid(ps, 18, e.prevId().orElse(null));
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
