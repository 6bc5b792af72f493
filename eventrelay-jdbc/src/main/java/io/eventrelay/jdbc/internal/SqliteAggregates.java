package io.eventrelay.jdbc.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.val;

import io.eventrelay.filter.EventField;
import io.eventrelay.filter.JsonPath;
import io.eventrelay.spi.AggregateRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Aggregates on SQLite, which has no exact decimal type: its JSON functions read a decimal as a
 * 64-bit float. So SQLite selects each JSON number's literal text ({@code data -> '$.a'}, which
 * SQLite 3.38 and later return exactly as stored), grouped by group key, bucket and literal with a
 * count, and {@link AggregateTotals} adds them up in {@link java.math.BigDecimal}.
 *
 * <p>Cost: one pass over the topic's events by primary key, in pages of {@value #PAGE} offsets, one
 * statement each on a connection that is given back between pages (an in-memory database's only
 * connection included, so publishers are held up for one page at most). A page's rows are at most
 * its distinct (group, bucket, literal) triples, so memory stays bounded by the page and the
 * result; repeated values (the usual case for metrics) cost one row and one multiplication. Events
 * up to the offset never change, so the pages add up to one consistent result.
 */
final class SqliteAggregates implements AggregateDialect {
  static final SqliteAggregates INSTANCE = new SqliteAggregates();

  /** Offsets per page. */
  static final long PAGE = 1_000;

  /** A group key and bucket start (microseconds); either may be null. */
  private record Key(String group, Long bucket) {}

  private SqliteAggregates() {}

  @Override
  public Field<Object> groupKey(io.eventrelay.filter.Field field) {
    if (field instanceof JsonPath path) {
      return field(
          "CASE WHEN json_type({0}, {1}) = 'text' THEN json_extract({0}, {1}) END",
          document(path), val((Object) FilterSqlite.jsonPath(path.segments())));
    }
    return field(name(((EventField) field).column()));
  }

  /** The JSON number's literal text, as stored. */
  @Override
  public Field<Object> number(io.eventrelay.filter.Field value) {
    if (value instanceof JsonPath path) {
      return field(
          "CASE WHEN json_type({0}, {1}) IN ('integer', 'real') THEN {0} -> {1} END",
          document(path), val((Object) FilterSqlite.jsonPath(path.segments())));
    }
    return field("CAST({0} AS TEXT)", field(name(((EventField) value).column())));
  }

  private static Field<Object> document(JsonPath path) {
    return field(name(path.document().column()));
  }

  @Override
  public List<AggregateRow> aggregate(Connections connections, AggregateQuery query) {
    Map<Key, AggregateTotals> totals = new HashMap<>();
    for (long from = 1; from <= query.upToOffset(); from += PAGE) {
      long first = from;
      long last = Math.min(query.upToOffset(), from + PAGE - 1);
      connections.withConnection(
          "aggregating events " + first + " to " + last,
          c -> addPage(c, query, first, last, totals));
    }
    List<AggregateRow> rows = new ArrayList<>(totals.size());
    totals.forEach(
        (key, t) ->
            rows.add(
                t.row(key.group(), key.bucket() == null ? null : Micros.toInstant(key.bucket()))));
    return rows;
  }

  /** Adds the events with offsets {@code from} to {@code to} to {@code totals}. */
  private static Void addPage(
      Connection c, AggregateQuery query, long from, long to, Map<Key, AggregateTotals> totals)
      throws SQLException {
    DSLContext ctx = DSL.using(c, SQLDialect.SQLITE, EventTable.SETTINGS);
    List<Field<?>> keys = new ArrayList<>(query.keys());
    if (query.number() != null) {
      keys.add(AggregateQuery.N);
    }
    List<Field<?>> columns = new ArrayList<>(keys);
    columns.add(DSL.count());
    var all = ctx.select(columns).from(query.events(ctx, from, to));
    Query select = keys.isEmpty() ? all : all.groupBy(keys);
    try (PreparedStatement ps = AggregateQuery.prepare(c, select);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        int i = 1;
        String group = query.groupKey() != null ? rs.getString(i++) : null;
        Long bucket = query.bucket() != null ? rs.getLong(i++) : null;
        String literal = query.number() != null ? rs.getString(i++) : null;
        totals
            .computeIfAbsent(new Key(group, bucket), k -> new AggregateTotals())
            .add(rs.getLong(i), literal);
      }
    }
    return null;
  }
}
