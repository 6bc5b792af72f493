package io.eventrelay.benchmarks;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The baselines: what an application would write by hand with plain JDBC to store and page through
 * the same rows, on one connection, into {@link Database#RAW_TABLE}.
 *
 * <p>Each row gets every column the relay writes: the offset (counted here, with no topic row to
 * lock), a fresh time-ordered UUID, name, source, JSON data, user key, occurrence and recording
 * time in microseconds, and SQL NULL for the rest, bound like the relay binds them.
 */
final class RawBaselines {
  /** The topic id every raw row carries. */
  static final long TOPIC_ID = 1;

  private static final String COLUMNS =
      "topic_id, event_offset, id, topic_identifier, name, source, data, context, occurred_at,"
          + " available_at, recorded_at, user_key, anonymous_key, group_key, reference_key,"
          + " trace_key, data_schema, prev_id";

  private final Database db;
  private final Connection conn;
  private final String insertSql;
  private final String selectSql;

  RawBaselines(Database db, Connection conn) {
    this.db = db;
    this.conn = conn;
    String json = db.jsonParameter();
    this.insertSql =
        "INSERT INTO "
            + Database.RAW_TABLE
            + " ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, "
            + json
            + ", "
            + json
            + ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    this.selectSql =
        "SELECT "
            + COLUMNS
            + " FROM "
            + Database.RAW_TABLE
            + " WHERE topic_id = ? AND event_offset > ? ORDER BY event_offset LIMIT ?";
  }

  /** Inserts the workload with JDBC batches, {@code perTransaction} rows per transaction. */
  void batchInsert(Workload w, int perTransaction) throws SQLException {
    conn.setAutoCommit(false);
    try (PreparedStatement ps = conn.prepareStatement(insertSql)) {
      for (int from = 0; from < w.size(); from += perTransaction) {
        int to = Math.min(w.size(), from + perTransaction);
        long now = nowMicros();
        for (int i = from; i < to; i++) {
          bindRow(ps, w, i, now);
          ps.addBatch();
        }
        ps.executeBatch();
        conn.commit();
      }
    } finally {
      conn.setAutoCommit(true);
    }
  }

  /** Inserts the workload one row per statement, each its own (auto-committed) transaction. */
  void autocommitInserts(Workload w) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(insertSql)) {
      for (int i = 0; i < w.size(); i++) {
        bindRow(ps, w, i, nowMicros());
        ps.executeUpdate();
      }
    }
  }

  /** PostgreSQL only: inserts the workload with {@code COPY FROM STDIN}, text format. */
  void copy(Workload w, int perTransaction) throws SQLException, IOException {
    CopyManager copy = conn.unwrap(PGConnection.class).getCopyAPI();
    String sql = "COPY " + Database.RAW_TABLE + " (" + COLUMNS + ") FROM STDIN";
    conn.setAutoCommit(false);
    try {
      StringBuilder sb = new StringBuilder(perTransaction * 400);
      for (int from = 0; from < w.size(); from += perTransaction) {
        int to = Math.min(w.size(), from + perTransaction);
        long now = nowMicros();
        sb.setLength(0);
        for (int i = from; i < to; i++) {
          copyRow(sb, w, i, now);
        }
        copy.copyIn(sql, new StringReader(sb.toString()));
        conn.commit();
      }
    } finally {
      conn.setAutoCommit(true);
    }
  }

  /**
   * Reads the whole table in pages of {@code pageSize} with a keyset query, building a {@link
   * RawRow} for each row.
   *
   * @return the number of rows read
   */
  long keysetRead(int pageSize) throws SQLException {
    long count = 0;
    long after = 0;
    try (PreparedStatement ps = conn.prepareStatement(selectSql)) {
      while (true) {
        ps.setLong(1, TOPIC_ID);
        ps.setLong(2, after);
        ps.setInt(3, pageSize);
        List<RawRow> page = new ArrayList<>(pageSize);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            page.add(readRow(rs));
          }
        }
        if (page.isEmpty()) {
          return count;
        }
        count += page.size();
        after = page.get(page.size() - 1).offset();
      }
    }
  }

  private void bindRow(PreparedStatement ps, Workload w, int i, long now) throws SQLException {
    ps.setLong(1, TOPIC_ID);
    ps.setLong(2, i + 1L);
    db.setUuid(ps, 3, timeOrderedUuid(now / 1000));
    ps.setNull(4, Types.VARCHAR);
    ps.setString(5, Workload.NAME);
    ps.setString(6, Workload.SOURCE);
    ps.setString(7, w.data(i));
    ps.setNull(8, Types.VARCHAR);
    ps.setLong(9, now);
    ps.setNull(10, Types.BIGINT);
    ps.setLong(11, now);
    ps.setString(12, w.userKey(i));
    for (int col = 13; col <= 17; col++) {
      ps.setNull(col, Types.VARCHAR);
    }
    db.setUuid(ps, 18, null);
  }

  private static void copyRow(StringBuilder sb, Workload w, int i, long now) {
    sb.append(TOPIC_ID).append('\t').append(i + 1L).append('\t');
    sb.append(timeOrderedUuid(now / 1000)).append("\t\\N\t");
    copyText(sb, Workload.NAME).append('\t');
    copyText(sb, Workload.SOURCE).append('\t');
    copyText(sb, w.data(i)).append("\t\\N\t");
    sb.append(now).append("\t\\N\t").append(now).append('\t');
    copyText(sb, w.userKey(i)).append("\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n");
  }

  /** Appends {@code s} escaped for COPY's text format. */
  private static StringBuilder copyText(StringBuilder sb, String s) {
    for (int k = 0; k < s.length(); k++) {
      char ch = s.charAt(k);
      switch (ch) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(ch);
      }
    }
    return sb;
  }

  private RawRow readRow(ResultSet rs) throws SQLException {
    long availableAt = rs.getLong(10);
    Long available = rs.wasNull() ? null : availableAt;
    return new RawRow(
        rs.getLong(1),
        rs.getLong(2),
        db.getUuid(rs, 3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getLong(9),
        available,
        rs.getLong(11),
        rs.getString(12),
        rs.getString(13),
        rs.getString(14),
        rs.getString(15),
        rs.getString(16),
        rs.getString(17),
        db.getUuid(rs, 18));
  }

  private static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  /** A version 7 UUID: 48 bits of milliseconds, then random bits. */
  private static UUID timeOrderedUuid(long millis) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (millis << 16) | 0x7000L | (r.nextLong() & 0x0fffL);
    long lsb = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
