package io.eventrelay.jdbc.internal;

import io.eventrelay.StorageException;
import io.eventrelay.spi.DeliveryToken;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token-guarded changes to many deliveries in one transaction: a worker's batched acks, the
 * releases when it closes or pauses and its lease renewals. Each delivery changes only if its lease
 * owner and attempt still match the token.
 *
 * <p>Where the dialect binds arrays (PostgreSQL), the whole batch is one statement joined against
 * the tokens unnested from four array parameters, planned as one primary-key probe per token;
 * elsewhere (SQLite, in process) it is one JDBC batch of the single-token statement.
 */
final class TokenChanges {
  private static final String TOKENS =
      " unnest(CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS int[]))"
          + " AS t(queue_id, event_offset, owner, attempt)";
  private static final String MATCHED =
      " WHERE d.queue_id = t.queue_id AND d.event_offset = t.event_offset"
          + " AND d.lease_owner = t.owner AND d.attempts = t.attempt"
          + " RETURNING t.queue_id, t.event_offset, t.owner, t.attempt";
  private static final String ACK_ARRAYS =
      "DELETE FROM eventrelay_deliveries d USING" + TOKENS + MATCHED;
  // Binds: available at, then the token arrays.
  private static final String RELEASE_ARRAYS =
      "UPDATE eventrelay_deliveries d SET lease_owner = NULL, lease_until = NULL,"
          + " attempts = d.attempts - 1, available_at = ? FROM"
          + TOKENS
          + MATCHED;
  // Binds: lease until, then the token arrays.
  private static final String EXTEND_ARRAYS =
      "UPDATE eventrelay_deliveries d SET lease_until = ? FROM" + TOKENS + MATCHED;

  private final Dialect dialect;
  private final Connections connections;
  private final QueueTable sql;

  TokenChanges(Dialect dialect, Connections connections, QueueTable sql) {
    this.dialect = dialect;
    this.connections = connections;
    this.sql = sql;
  }

  boolean[] ack(List<DeliveryToken> tokens) {
    String doing = doing("acknowledging", tokens);
    return dialect.bindsArrays()
        ? byArrays(doing, tokens, ACK_ARRAYS)
        : byBatch(doing, tokens, sql.ack);
  }

  boolean[] release(List<DeliveryToken> tokens, long availableAt) {
    String doing = doing("releasing", tokens);
    return dialect.bindsArrays()
        ? byArrays(doing, tokens, RELEASE_ARRAYS, availableAt)
        : byBatch(doing, tokens, sql.release, availableAt);
  }

  boolean[] extend(List<DeliveryToken> tokens, long until) {
    String doing = doing("extending the leases of", tokens);
    return dialect.bindsArrays()
        ? byArrays(doing, tokens, EXTEND_ARRAYS, until)
        : byBatch(doing, tokens, sql.extend, until);
  }

  /** "acknowledging 3 jobs, the first the job at offset 7 of queue …", for messages. */
  private static String doing(String verb, List<DeliveryToken> tokens) {
    return switch (tokens.size()) {
      case 0 -> verb + " no jobs";
      case 1 -> verb + " " + tokens.get(0).describe();
      default -> verb + " " + tokens.size() + " jobs, the first " + tokens.get(0).describe();
    };
  }

  /** One JDBC batch of {@code statement}, whose binds are {@code leading} then the token's. */
  private boolean[] byBatch(
      String doing, List<DeliveryToken> tokens, String statement, Object... leading) {
    if (tokens.isEmpty()) {
      return new boolean[0];
    }
    return connections.inTransaction(
        doing,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(statement)) {
            for (DeliveryToken t : tokens) {
              Statements.bind(ps, binds(t, leading));
              ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            boolean[] changed = new boolean[tokens.size()];
            for (int i = 0; i < changed.length; i++) {
              if (counts[i] < 0) {
                throw new StorageException(
                    doing
                        + " failed: the JDBC driver did not report the rows a batched statement"
                        + " changed");
              }
              changed[i] = counts[i] > 0;
            }
            return changed;
          }
        });
  }

  /**
   * One statement over all tokens; it returns the tokens whose delivery it changed. A token listed
   * twice changes its delivery once, so only its first occurrence reports a change, as in a batch.
   */
  private boolean[] byArrays(
      String doing, List<DeliveryToken> tokens, String statement, Object... leading) {
    if (tokens.isEmpty()) {
      return new boolean[0];
    }
    int n = tokens.size();
    Long[] queues = new Long[n];
    Long[] offsets = new Long[n];
    String[] owners = new String[n];
    Integer[] attempts = new Integer[n];
    for (int i = 0; i < n; i++) {
      DeliveryToken t = tokens.get(i);
      queues[i] = t.queue().id();
      offsets[i] = t.offset();
      owners[i] = t.owner();
      attempts[i] = t.attempt();
    }
    Map<Key, Integer> changed =
        connections.inTransaction(
            doing,
            c -> {
              dialect.preferIndexes(c);
              try (PreparedStatement ps = c.prepareStatement(statement)) {
                Statements.bind(ps, leading);
                int i = leading.length;
                ps.setArray(++i, c.createArrayOf("bigint", queues));
                ps.setArray(++i, c.createArrayOf("bigint", offsets));
                ps.setArray(++i, c.createArrayOf("text", owners));
                ps.setArray(++i, c.createArrayOf("integer", attempts));
                return returned(ps);
              }
            });
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      DeliveryToken t = tokens.get(i);
      Integer left = changed.computeIfPresent(key(t), (k, count) -> count - 1);
      out[i] = left != null && left >= 0;
    }
    return out;
  }

  private static Map<Key, Integer> returned(PreparedStatement ps) throws SQLException {
    Map<Key, Integer> changed = new HashMap<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Key k = new Key(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4));
        changed.merge(k, 1, Integer::sum);
      }
    }
    return changed;
  }

  private static Key key(DeliveryToken t) {
    return new Key(t.queue().id(), t.offset(), t.owner(), t.attempt());
  }

  /** A token's values, as the statement returns them. */
  private record Key(long queue, long offset, String owner, int attempt) {}

  /**
   * The binds of a single-token statement: {@code leading}, then queue id, offset, owner, attempt.
   */
  static Object[] binds(DeliveryToken t, Object... leading) {
    Object[] binds = new Object[leading.length + 4];
    System.arraycopy(leading, 0, binds, 0, leading.length);
    binds[leading.length] = t.queue().id();
    binds[leading.length + 1] = t.offset();
    binds[leading.length + 2] = t.owner();
    binds[leading.length + 3] = t.attempt();
    return binds;
  }
}
