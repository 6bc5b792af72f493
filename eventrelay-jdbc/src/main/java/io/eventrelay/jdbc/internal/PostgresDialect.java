package io.eventrelay.jdbc.internal;

import io.eventrelay.Event;
import io.eventrelay.spi.Storage.ChangeListener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.SelectForUpdateStep;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** PostgreSQL: jsonb and uuid columns, an advisory lock around migrations. */
final class PostgresDialect extends Dialect {
  /** An arbitrary constant naming EventRelay's migration lock (with the schema, below). */
  private static final long MIGRATION_LOCK = 0x4576_5265_6c61_7901L;

  @Override
  public SQLDialect jooq() {
    return SQLDialect.POSTGRES;
  }

  @Override
  public String migrationsFolder() {
    return "io/eventrelay/jdbc/migrations/postgres/";
  }

  @Override
  public void lockForMigration(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      // One lock per schema, so that relays in different schemas of one database never wait.
      s.execute(
          "SELECT pg_advisory_xact_lock("
              + MIGRATION_LOCK
              + " # hashtext(current_schema())::bigint)");
    }
  }

  @Override
  public Field<?> jsonParam(String name) {
    return DSL.cast(DSL.param(name), SQLDataType.JSONB);
  }

  @Override
  public Field<?> uuidParam(String name) {
    return DSL.cast(DSL.param(name), SQLDataType.UUID);
  }

  @Override
  public void setUuid(PreparedStatement ps, int index, UUID id) throws SQLException {
    if (id == null) {
      ps.setNull(index, Types.OTHER);
    } else {
      ps.setObject(index, id);
    }
  }

  @Override
  public UUID getUuid(ResultSet rs, int index) throws SQLException {
    return rs.getObject(index, UUID.class);
  }

  @Override
  public String[] statements(String script) {
    // The PostgreSQL driver runs a multi-statement script, dollar-quoted bodies included.
    return new String[] {script};
  }

  @Override
  public <R extends Record> Select<R> forUpdate(SelectForUpdateStep<R> select) {
    return select.forUpdate();
  }

  @Override
  public <R extends Record> Select<R> forUpdateSkipLocked(SelectForUpdateStep<R> select) {
    return select.forUpdate().skipLocked();
  }

  /**
   * {@code = ANY(ARRAY(pick))}: PostgreSQL may plan {@code IN (pick)} as a nested-loop semi-join
   * that re-runs a {@code LIMIT … FOR UPDATE SKIP LOCKED} subquery per outer row (it did when the
   * statistics said the deliveries table was empty), leasing far more rows than the limit. An array
   * subquery is evaluated once.
   */
  @Override
  public Condition isPicked(Field<Long> column, Select<Record1<Long>> pick) {
    return DSL.condition("{0} = ANY(ARRAY({1}))", column, pick);
  }

  @Override
  long appendTopic(
      Connection c,
      EventTable table,
      EventRows rows,
      String topic,
      List<Event> events,
      long recordedAt)
      throws SQLException {
    return PostgresAppend.append(c, topic, events, recordedAt);
  }

  @Override
  public NotifyWatcher watchChanges(Callable<Connection> connect, ChangeListener listener) {
    return PgNotifyWatcher.start(connect, listener);
  }
}
