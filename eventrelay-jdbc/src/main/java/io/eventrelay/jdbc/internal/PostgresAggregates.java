package io.eventrelay.jdbc.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import io.eventrelay.filter.EventField;
import io.eventrelay.filter.JsonPath;
import io.eventrelay.spi.AggregateRow;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.SelectJoinStep;
import org.jooq.impl.DSL;

/**
 * Aggregates on PostgreSQL: one grouped statement does it all. JSON numbers become {@code numeric}
 * (only where {@code jsonb_typeof} says {@code number}, so no cast can fail), and {@code sum},
 * {@code min} and {@code max} of {@code numeric} are exact.
 *
 * <p>Cost: one pass over the topic's events up to the offset, in one statement and one snapshot,
 * holding one pooled connection for its duration; the database hashes or sorts the groups within
 * {@code work_mem}, spilling to disk beyond it. Only the result rows reach the application.
 */
final class PostgresAggregates implements AggregateDialect {
  static final PostgresAggregates INSTANCE = new PostgresAggregates();

  private PostgresAggregates() {}

  @Override
  public Field<Object> groupKey(io.eventrelay.filter.Field field) {
    if (field instanceof JsonPath path) {
      return field(
          "CASE WHEN jsonb_typeof({0}) = 'string' THEN ({0} #>> '{}') END",
          FilterPostgres.jsonb(path));
    }
    EventField f = (EventField) field;
    Field<Object> column = field(name(f.column()));
    return f.type() == EventField.Type.UUID ? field("CAST({0} AS text)", column) : column;
  }

  @Override
  public Field<Object> number(io.eventrelay.filter.Field value) {
    if (value instanceof JsonPath path) {
      return field(
          "CASE WHEN jsonb_typeof({0}) = 'number' THEN CAST(({0} #>> '{}') AS numeric) END",
          FilterPostgres.jsonb(path));
    }
    return field("CAST({0} AS numeric)", field(name(((EventField) value).column())));
  }

  @Override
  public List<AggregateRow> aggregate(Connections connections, AggregateQuery query) {
    return connections.withConnection(
        "aggregating events",
        c -> {
          DSLContext ctx = DSL.using(c, SQLDialect.POSTGRES, EventTable.SETTINGS);
          Field<BigDecimal> n = AggregateQuery.N.coerce(BigDecimal.class);
          List<Field<?>> columns = new ArrayList<>(query.keys());
          columns.add(DSL.count());
          if (query.number() != null) {
            columns.addAll(List.of(DSL.count(n), DSL.sum(n), DSL.min(n), DSL.max(n)));
          }
          SelectJoinStep<?> all =
              ctx.select(columns).from(query.events(ctx, 1, query.upToOffset()));
          Query select = query.keys().isEmpty() ? all : all.groupBy(query.keys());
          List<AggregateRow> rows = new ArrayList<>();
          try (PreparedStatement ps = AggregateQuery.prepare(c, select);
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              rows.add(row(rs, query));
            }
          }
          return rows;
        });
  }

  /** The row at {@code rs}: keys, count, then count, sum, min and max of the numbers if any. */
  private static AggregateRow row(ResultSet rs, AggregateQuery query) throws SQLException {
    int i = 1;
    String group = query.groupKey() != null ? rs.getString(i++) : null;
    Instant bucket = query.bucket() != null ? Micros.toInstant(rs.getLong(i++)) : null;
    long count = rs.getLong(i++);
    if (query.number() == null) {
      return new AggregateRow(group, bucket, count, 0, BigDecimal.ZERO, null, null);
    }
    BigDecimal sum = rs.getBigDecimal(i + 1);
    return new AggregateRow(
        group,
        bucket,
        count,
        rs.getLong(i),
        sum == null ? BigDecimal.ZERO : sum,
        rs.getBigDecimal(i + 2),
        rs.getBigDecimal(i + 3));
  }
}
