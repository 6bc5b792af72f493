package io.eventrelay.jdbc.internal;

import io.eventrelay.UnknownTopicException;
import io.eventrelay.spi.AggregateRequest;
import io.eventrelay.spi.AggregateRequest.Function;
import io.eventrelay.spi.AggregateResult;
import io.eventrelay.spi.AggregateRow;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.impl.DSL;

/**
 * {@link io.eventrelay.spi.Storage#aggregate}, written once for every database: finds the topic and
 * the offsets to cover, renders the request with the {@link AggregateDialect} of the storage's
 * dialect, which runs it, then keeps the functions asked for and orders the rows.
 *
 * <p>The topic's last offset is read before the events: every event at or below it is committed and
 * visible to the statements that follow, and none is added later, so the result covers exactly the
 * offsets it reports. Thread-safe: it holds no state of its own.
 */
public final class Aggregates {
  private static final Comparator<String> CODE_POINTS =
      (a, b) -> {
        int i = 0;
        while (i < a.length() && i < b.length()) {
          int ca = a.codePointAt(i);
          int cb = b.codePointAt(i);
          if (ca != cb) {
            return Integer.compare(ca, cb);
          }
          i += Character.charCount(ca);
        }
        return Integer.compare(a.length(), b.length());
      };

  private static final Comparator<AggregateRow> ORDER =
      Comparator.comparing(AggregateRow::groupKey, Comparator.nullsFirst(CODE_POINTS))
          .thenComparing(
              AggregateRow::bucketStart, Comparator.nullsFirst(Comparator.naturalOrder()));

  private final Dialect dialect;
  private final Connections connections;
  private final AggregateDialect sql;

  /** Aggregates on {@code connections}, whose schema is migrated. */
  public Aggregates(Dialect dialect, Connections connections) {
    this.dialect = dialect;
    this.connections = connections;
    this.sql = AggregateDialect.of(dialect);
  }

  /** See {@link io.eventrelay.spi.Storage#aggregate}. */
  public AggregateResult aggregate(AggregateRequest r) {
    long[] topic = topic(r.topic());
    long upTo = Math.min(r.upToOffset(), topic[1] - 1);
    AggregateQuery query =
        new AggregateQuery(
            topic[0],
            upTo,
            FilterSql.condition(r.filter(), dialect.jooq()),
            r.groupBy() == null ? null : sql.groupKey(r.groupBy()),
            r.bucketWidth() == null ? null : AggregateQuery.bucket(r.bucketWidthMicros()),
            r.value() == null ? null : sql.number(r.value()));
    List<AggregateRow> rows = upTo == 0 ? List.of() : sql.aggregate(connections, query);
    // A topic deleted meanwhile took its events along: whatever was read is not the topic's.
    if (topic(r.topic())[0] != topic[0]) {
      throw new UnknownTopicException(r.topic());
    }
    return new AggregateResult(upTo, finish(rows, r));
  }

  /**
   * The rows with only the functions asked for, in order; the one row of a request without groups
   * or buckets even when no event matched.
   */
  private static List<AggregateRow> finish(List<AggregateRow> rows, AggregateRequest r) {
    if (rows.isEmpty() && r.groupBy() == null && r.bucketWidth() == null) {
      rows = List.of(new AggregateRow(null, null, 0, 0, BigDecimal.ZERO, null, null));
    }
    Set<Function> f = r.functions();
    List<AggregateRow> out = new ArrayList<>(rows.size());
    for (AggregateRow row : rows) {
      out.add(
          new AggregateRow(
              row.groupKey(),
              row.bucketStart(),
              row.count(),
              row.numbers(),
              f.contains(Function.SUM) ? row.sum() : null,
              f.contains(Function.MIN) ? row.min() : null,
              f.contains(Function.MAX) ? row.max() : null));
    }
    out.sort(ORDER);
    return out;
  }

  /** The topic's row id and next offset. */
  private long[] topic(String name) {
    long[] found =
        connections.withConnection(
            "finding topic '" + name + "' to aggregate",
            c -> {
              DSLContext ctx = DSL.using(c, dialect.jooq(), EventTable.SETTINGS);
              Query q =
                  ctx.select(EventTable.TOPIC_ID, EventTable.NEXT_OFFSET)
                      .from(EventTable.TOPICS)
                      .where(EventTable.TOPIC_NAME.eq(name));
              try (PreparedStatement ps = AggregateQuery.prepare(c, q);
                  ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : null;
              }
            });
    if (found == null) {
      throw new UnknownTopicException(name);
    }
    return found;
  }
}
