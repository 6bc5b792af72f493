package io.eventrelay.jdbc.internal;

import static io.eventrelay.jdbc.internal.Statements.render;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.table;

import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.Table;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The tables, and the statements the storage runs, rendered once per dialect by jOOQ. Every value
 * is a bind parameter; identifiers are constants.
 */
public final class EventTable {
  /** Settings for every rendered statement: plain lower-case names, no quoting needed. */
  public static final Settings SETTINGS =
      new Settings()
          .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
          .withRenderNameCase(RenderNameCase.AS_IS)
          .withRenderSchema(false)
          .withExecuteLogging(false);

  static final Table<?> TOPICS = table(name("eventrelay_topics"));
  static final Field<Long> TOPIC_ID = field(name("id"), SQLDataType.BIGINT);
  static final Field<String> TOPIC_NAME = field(name("name"), SQLDataType.VARCHAR);
  static final Field<Long> NEXT_OFFSET = field(name("next_offset"), SQLDataType.BIGINT);
  static final Field<Long> CREATED_AT = field(name("created_at"), SQLDataType.BIGINT);

  /** The events table, for readers that add their own conditions. */
  public static final Table<?> EVENTS = table(name("eventrelay_events"));

  static final Field<Long> E_TOPIC_ID = field(name("topic_id"), SQLDataType.BIGINT);
  static final Field<Long> E_OFFSET = field(name("event_offset"), SQLDataType.BIGINT);
  static final Field<Long> E_RECORDED_AT = field(name("recorded_at"), SQLDataType.BIGINT);

  /** Event columns in the order {@link EventRows} binds and reads them. */
  static final List<String> EVENT_COLUMNS =
      List.of(
          "topic_id",
          "event_offset",
          "id",
          "topic_identifier",
          "name",
          "source",
          "data",
          "context",
          "occurred_at",
          "available_at",
          "recorded_at",
          "user_key",
          "anonymous_key",
          "group_key",
          "reference_key",
          "trace_key",
          "data_schema",
          "prev_id");

  /**
   * Events per multi-row insert: a statement per 50 rows instead of per row, with 900 binds, under
   * the smallest limit SQLite builds have had (999).
   */
  static final int INSERT_ROWS = 50;

  private final Dialect dialect;
  final String insertEvent;
  // INSERT_ROWS events in one statement: binds, event after event, as insertEvent's.
  final String insertEvents;
  final String takeOffsets;
  final String selectPage;
  final String selectPageOfIdentifier;
  // The offset of the event with an id in a topic; binds: topic name, id.
  final String selectOffsetById;

  /** Renders the statements for {@code dialect}. */
  public EventTable(Dialect dialect) {
    this.dialect = dialect;
    DSLContext ctx = dsl();
    List<Field<?>> columns = columns();
    List<Field<?>> values =
        EVENT_COLUMNS.stream()
            .<Field<?>>map(
                c ->
                    switch (c) {
                      case "data", "context" -> dialect.jsonParam(c);
                      case "id", "prev_id" -> dialect.uuidParam(c);
                      default -> param(c);
                    })
            .toList();
    insertEvent = render(ctx.insertInto(EVENTS).columns(columns).values(values));
    var rows = ctx.insertInto(EVENTS).columns(columns).values(values);
    for (int i = 1; i < INSERT_ROWS; i++) {
      rows = rows.values(values);
    }
    insertEvents = render(rows);
    takeOffsets =
        render(
            ctx.update(TOPICS)
                .set(NEXT_OFFSET, NEXT_OFFSET.plus(param("n", SQLDataType.BIGINT)))
                .where(TOPIC_NAME.eq(param("name", SQLDataType.VARCHAR)))
                .returning(TOPIC_ID, NEXT_OFFSET));
    selectPage = render(page(ctx, param("topic", ""), param("from", 0L), null, param("limit", 0)));
    selectPageOfIdentifier =
        render(
            page(
                ctx,
                param("topic", ""),
                param("from", 0L),
                field(name("topic_identifier")).eq(param("identifier", "")),
                param("limit", 0)));
    selectOffsetById =
        render(
            ctx.select(E_OFFSET)
                .from(EVENTS)
                .where(
                    E_TOPIC_ID.eq(
                        DSL.select(TOPIC_ID)
                            .from(TOPICS)
                            .where(TOPIC_NAME.eq(param("topic", "")))
                            .asField()))
                .and(field(name("id")).eq(dialect.uuidParam("id"))));
  }

  /** A jOOQ context for rendering (no connection). */
  public DSLContext dsl() {
    return DSL.using(dialect.jooq(), SETTINGS);
  }

  /**
   * The page query: events of one topic at or after an offset that meet {@code condition} (may be
   * null), in offset order. Binds, in order: topic name, from offset, the condition's values, the
   * limit.
   */
  public ResultQuery<Record> page(
      DSLContext ctx,
      Field<String> topic,
      Field<Long> from,
      Condition condition,
      Field<Integer> limit) {
    List<Field<?>> columns = columns();
    return ctx.select(columns)
        .from(EVENTS)
        .where(
            E_TOPIC_ID.eq(DSL.select(TOPIC_ID).from(TOPICS).where(TOPIC_NAME.eq(topic)).asField()))
        .and(E_OFFSET.ge(from))
        .and(condition == null ? DSL.noCondition() : condition)
        .orderBy(E_OFFSET)
        .limit(limit);
  }

  private static List<Field<?>> columns() {
    return EVENT_COLUMNS.stream().<Field<?>>map(c -> field(name(c))).toList();
  }
}
