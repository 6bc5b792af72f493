package io.eventrelay.jdbc;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Filter;
import io.eventrelay.Topic;
import io.eventrelay.internal.filter.IsoInstants;
import io.eventrelay.jdbc.internal.FilterSql;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * The same filters select the same events in SQL, through {@code topic.read}, as {@link
 * Filter#matches} does in memory. One suite; a subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FilterConsistencyTest {
  static final String INJECTION = "x'; DROP TABLE eventrelay_events; --";
  static final UUID UPPER_ID = UUID.fromString("abcdef01-2345-7678-9abc-def012345678");
  static final UUID LOW_ID = UUID.fromString("00000000-0000-7000-8000-000000000001");
  static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");

  /** Filters whose SQL result must equal the in-memory result. */
  static final List<String> FILTERS =
      List.of(
          "name == 'user.created'",
          "name != 'user.created'",
          "name > 'order' AND name < 'user.d'",
          "name contains '.' AND name contains 'DROP TABLE'",
          "name == 'x''; DROP TABLE eventrelay_events; --'",
          "source in ['web', 'bill''ing'] OR source == 'API'",
          "source != 'web'",
          "source > 'a'",
          "source <= 'B'",
          "topic_identifier == 'eu' OR topic_identifier != 'us'",
          "user_key contains 'u-' AND user_key >= 'u-2'",
          "group_key in ['g1', 'g2']",
          "offset > 20 AND offset <= 30.5",
          "offset in [1, 3, 40] OR offset != 7 AND offset < 4",
          "id == 'ABCDEF01-2345-7678-9ABC-DEF012345678' OR id < '00000000-0000-7000-8000-000000000002'",
          "id > '80000000-0000-0000-0000-000000000000'",
          "prev_id != '00000000-0000-7000-8000-000000000001' OR prev_id == '00000000-0000-7000-8000-000000000001'",
          "occurred_at > '2024-01-02'::DATE",
          "occurred_at <= '2024-01-01T05:00:00.000001Z'::DATETIME",
          "occurred_at == '2024-01-01T03:00:00.000003Z'::DATETIME",
          "available_at < '2024-06-01'::DATE OR available_at != '2024-01-01'::DATE",
          "recorded_at > '2000-01-01'::DATE",
          "data.n == 30",
          "data.n == 30.0 AND data.n == '30'::INTEGER",
          "data.n == '30'",
          "data.n != 30",
          "data.n > 0",
          "data.n < 0.5",
          "data.n >= 1e2",
          "data.n in [1, 30, 0.1, '30', -5.5]",
          "data.n == 9007199254740993 OR data.n == 9007199254740992",
          "data.n < 1e300 AND data.n > -1e300 AND data.n != 1e-300",
          "data.n > 1e-300 OR data.n in [1e20, -1e-300] OR offset < 1e20",
          "data.n < 9007199254740993 AND data.n >= 0.00250000000000",
          "data.s == '30'",
          "data.s != ''",
          "data.s > 'a'",
          "data.s <= 'B'",
          "data.s >= '\uFFFD'",
          "data.s contains 'o W' OR data.s contains 'x'''",
          "data.s contains '%' OR data.s contains '_' OR data.s contains '*'",
          "data.s contains ''",
          "data.s contains 'é'",
          "data.s == 'it''s' OR data.s == 'x''; DROP TABLE eventrelay_events; --'",
          "data.s in ['a\\b\"c', 'Hello World', 'AND 1=1 OR ''''=''''']",
          "data.flag == true",
          "data.flag != true",
          "data.flag == false",
          "data.flag in [true, 1]",
          "data.tags contains 'a'",
          "data.tags contains 1",
          "data.tags contains true",
          "data.tags contains '2024-01-01'::DATE",
          "data.tags contains '2024-01-05T12:00:00+02:00'::DATETIME",
          "data.nested.a.b == 'deep' OR data.nested.a.b >= 5",
          "data.nested.a != 'x'",
          "data.missing != 1",
          "data.n in []",
          "data.d > '2024-01-01'::DATE",
          "data.d == '2024-01-05T10:00:00Z'::DATETIME",
          "data.d != '2024-01-05T10:00:00Z'::DATETIME",
          "data.d >= '0001-01-01'::DATE",
          "data.d < '1970-01-01'::DATE",
          "data.d <= '2024-01-05T10:00:00.123456Z'::DATETIME",
          "data.d in ['2024-01-01'::DATE, '2000-02-29'::DATE, '2024-01-05T08:00:00Z'::DATETIME]",
          "data == 'a' OR data == 30",
          "data contains 'a'",
          "context.tenant == 'acme'",
          "context.tenant != 'acme'",
          "context.n > 1 OR context.tags contains 'x'",
          "context != 'x'",
          "(data.n == 30 OR data.n == 1) AND name == 'user.created'",
          "data.n == 30 OR data.n == 1 AND name == 'user.created'",
          "data.flag == true OR (context.tenant == 'acme' AND offset > 3)",
          "name == 'user.created' AND data.missing != 1 OR source == 'api'");

  /** Hand-checked counts, so that a filter matching nothing everywhere cannot pass unnoticed. */
  static final Map<String, Integer> COUNTS = new LinkedHashMap<>();

  static {
    COUNTS.put("data.n == 30", 5);
    COUNTS.put("data.n >= 1e2", 3);
    COUNTS.put("data.n == 0.1", 2);
    COUNTS.put("data.n == '30'", 1);
    COUNTS.put("data.flag == true", 1);
    COUNTS.put("data.flag != true", 1);
    COUNTS.put("data.tags contains 1", 2);
    COUNTS.put("data.tags contains '2024-01-05T12:00:00+02:00'::DATETIME", 1);
    COUNTS.put("data contains 'a'", 2);
    COUNTS.put("data.s >= '\uFFFD'", 2);
    COUNTS.put("data.s contains 'o W'", 1);
    COUNTS.put("data.s == 'x''; DROP TABLE eventrelay_events; --'", 1);
    COUNTS.put("name == 'x''; DROP TABLE eventrelay_events; --'", 1);
    COUNTS.put("data.d >= '0001-01-01'::DATE", 11);
    COUNTS.put("data.d == '2024-01-05T10:00:00Z'::DATETIME", 1);
    COUNTS.put("data.missing != 1", 0);
    COUNTS.put("context.tenant != 'acme'", 1);
    COUNTS.put("id == 'ABCDEF01-2345-7678-9ABC-DEF012345678'", 1);
    COUNTS.put(
        "id in ['ABCDEF01-2345-7678-9ABC-DEF012345678', '00000000-0000-7000-8000-000000000001']",
        2);
    COUNTS.put("occurred_at <= '2024-01-01T05:00:00.000001Z'::DATETIME", 7);
    COUNTS.put("occurred_at == '2024-01-01T03:00:00.000003Z'::DATETIME", 1);
    COUNTS.put("topic_identifier != 'us'", 1);
    COUNTS.put("source > 'a'", 40);
    COUNTS.put("source <= 'B'", 1);
    COUNTS.put("offset > 20 AND offset <= 30.5", 10);
    COUNTS.put("data.f == 0.0025 AND data.n < 0.100000000000001", 1);
  }

  private EventRelay relay;
  private Topic topic;
  private List<Event> published;
  private List<Event> stored;

  /** A fresh storage on the database under test. */
  abstract JdbcStorage newStorage();

  /** The jOOQ dialect of that database. */
  abstract SQLDialect dialect();

  /**
   * Runs once the schema exists, before any event is published; by default nothing.
   *
   * @throws SQLException if changing the database fails
   */
  void afterStart(JdbcStorage storage) throws SQLException {}

  @BeforeAll
  void publishEvents() throws SQLException {
    JdbcStorage storage = newStorage();
    relay = EventRelay.builder().storage(storage).build();
    afterStart(storage);
    topic = relay.createTopic("t");
    published = topic.publishAll(events());
    stored = topic.read(1, 1000);
    assertEquals(published.size(), stored.size());
  }

  @AfterAll
  void close() {
    if (relay != null) {
      relay.close();
    }
  }

  @Test
  void everyFilterSelectsInSqlExactlyTheEventsItMatchesInMemory() {
    forEach(
        Stream.concat(FILTERS.stream(), COUNTS.keySet().stream()).toList(),
        text -> {
          Filter filter = Filter.parse(text);
          List<Long> expected = offsets(stored.stream().filter(filter::matches));
          assertEquals(expected, offsets(topic.read(1, 1000, filter).stream()), text);
          assertEquals(expected, offsets(published.stream().filter(filter::matches)), text);
        });
  }

  @Test
  void handCheckedFiltersSelectTheExpectedNumberOfEvents() {
    forEach(
        List.copyOf(COUNTS.keySet()),
        text ->
            assertEquals(COUNTS.get(text), topic.read(1, 1000, Filter.parse(text)).size(), text));
  }

  @Test
  void filterValuesAndPathsAreBoundNotWrittenIntoTheSql() {
    Filter filter =
        Filter.parse(
            "name == 'x''; DROP TABLE eventrelay_events; --' OR data.evil_key contains 'DROP'"
                + " OR context.k in ['1=1', 42] OR occurred_at > '2024-01-01'::DATE");
    String sql = DSL.using(dialect()).render(FilterSql.condition(filter, dialect()));
    assertAll(
        () -> assertFalse(sql.contains("DROP"), sql),
        () -> assertFalse(sql.contains("evil_key"), sql),
        () -> assertFalse(sql.contains("1=1"), sql),
        () -> assertFalse(sql.contains("42"), sql),
        () -> assertFalse(sql.contains("1704067200000000"), sql));
    assertEquals(
        1,
        topic.read(1, 1000, Filter.parse("name == '" + INJECTION.replace("'", "''") + "'")).size());
    assertEquals(stored.size(), topic.read(1, 1000).size());
  }

  @Test
  void matchAllRendersNoCondition() {
    assertEquals(DSL.noCondition(), FilterSql.condition(Filter.all(), dialect()));
    assertEquals(stored.size(), topic.read(1, 1000, Filter.all()).size());
  }

  @Test
  void readsPageThroughFilteredEventsInOffsetOrder() {
    Filter filter = Filter.parse("data.d >= '0001-01-01'::DATE");
    List<Long> all = offsets(stored.stream().filter(filter::matches));
    List<Long> pages = new ArrayList<>();
    long from = 1;
    List<Event> page;
    while (!(page = topic.read(from, 3, filter)).isEmpty()) {
      assertTrue(page.size() <= 3);
      pages.addAll(offsets(page.stream()));
      from = page.get(page.size() - 1).offset() + 1;
    }
    assertEquals(all, pages);
  }

  @Test
  void dateStringsReadAsTheSameInstantsInSqlAsInMemory() {
    List<String> texts =
        List.of(
            ("2024-01-31|2024-02-29|2023-02-28|2023-02-29|2024-04-30|2024-04-31|2024-06-31"
                    + "|2024-09-31|2024-11-31|2024-12-31|2024-12-32|2100-02-29|2400-02-29|1600-02-29"
                    + "|0004-02-29|0001-01-01|0001-02-28T23:59:59Z|0001-01-01T00:00:00+01:00"
                    + "|9999-12-31T23:59:59-18:00|1970-01-01T00:00:00Z|1969-12-31T23:59:59.999999Z"
                    + "|1969-12-31T23:59:59.9999995Z|2024-03-01T00:00:00.000000001Z"
                    + "|2024-01-01T00:00:00.1+05:45|2024-01-01T23:59:59+00:59|2024-01-01T23:59:59+00:60"
                    + "|2024-01-01T23:59:59+17:59|2024-01-01T23:59:59+18:00|2024-01-01T23:59:59 Z"
                    + "|2024-01-01T23:59Z|2024-01-01T23:59:59+1:00|2024-01-01T23:59:59.+01:00"
                    + "|2024-01-01T23:59:59.1234567890+01:00|2024-01-01T23:59:59.123456789+01:00"
                    + "|2024-13-01|2024-00-01|2024-01-00|2024-01-01X| 2024-01-01|")
                .split("\\|", -1));
    Topic dates = relay.createTopic("dates");
    List<Event> events =
        dates.publishAll(
            texts.stream()
                .map(t -> Event.builder("d").source("s").data(Map.of("d", t)).build())
                .toList());
    List<String> filters = new ArrayList<>();
    filters.add("data.d < '0001-01-02'::DATE");
    filters.add("data.d > '9999-12-30'::DATE");
    filters.add("data.d >= '0001-01-01'::DATE");
    for (String t : texts) {
      long micros = IsoInstants.micros(t);
      Instant instant = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
      if (micros != IsoInstants.INVALID
          && instant.isAfter(Instant.parse("0001-01-02T00:00:00Z"))
          && instant.isBefore(Instant.parse("9999-12-31T00:00:00Z"))) {
        filters.add("data.d == '" + instant + "'::DATETIME");
      }
    }
    assertTrue(filters.size() > 20, filters::toString);
    forEach(
        filters,
        text -> {
          Filter filter = Filter.parse(text);
          List<Long> expected = offsets(events.stream().filter(filter::matches));
          assertFalse(expected.isEmpty(), text);
          assertEquals(expected, offsets(dates.read(1, 1000, filter).stream()), text);
        });
  }

  /** Runs {@code check} on every filter, reporting every failure. */
  private static void forEach(List<String> filters, Consumer<String> check) {
    assertAll(filters.stream().map(text -> (Executable) () -> check.accept(text)));
  }

  private static List<Long> offsets(Stream<Event> events) {
    return events.map(Event::offset).toList();
  }

  /** One event per line: its data. {@link #customize} adds the other fields of some. */
  private static final String DATA =
      """
      {"n": 30, "s": "30", "tags": ["a", "b"], "flag": true, "d": "2024-01-01"}
      {"n": 30.0, "s": "thirty", "flag": false, "d": "2024-01-05T10:00:00Z"}
      {"n": 1, "flag": 1, "tags": [1, true, "1"], "d": "2024-01-05T10:00:00+02:00"}
      {"n": -5.5, "s": "x'; DROP TABLE eventrelay_events; --", "d": "2024-02-30"}
      {"n": 0, "s": "", "tags": [], "d": "2024-01-05T10:00:00"}
      {"n": null, "s": null, "tags": null, "d": null, "flag": null}
      {}
      {"n": "30", "nested": {"a": {"b": "deep"}}}
      {"n": 9007199254740993, "s": "it's", "nested": {"a": {"b": 5}}}
      {"n": 1e2, "s": "héllo wörld", "nested": {"a": [1, 2]}}
      {"n": 0.1, "s": "Hello World"}
      {"n": 100, "s": "hello world", "tags": ["x", ["a"], {"a": 1}]}
      {"s": "\uD83D\uDE00", "d": "1969-12-31T23:59:59.5Z"}
      {"s": "\uFFFD", "d": "0001-01-01"}
      [1, "a", true]
      "a"
      30
      {"flag": "true", "d": "2024-01-05T10:00:00.123456789Z"}
      {"tags": ["2024-01-01", "2024-01-05T10:00:00Z", 3, 1.0]}
      {"d": "2024-01-05T10:00:00-18:00", "n": 30}
      {"d": "2024-1-5"}
      {"d": "9999-12-31T23:59:59.999999Z"}
      {"d": "2000-02-29"}
      {"d": "1900-02-29"}
      {"d": "2024-01-05T24:00:00Z"}
      {"d": "2024-01-05T10:00:00+18:30"}
      {"d": 20240101}
      {"d": "0000-01-01"}
      {"d": "2024-01-05T10:00:00.Z"}
      {"d": "2024-01-05t10:00:00z"}
      {"s": "%_*?[]", "n": -0.0, "d": "2024-01-05T08:00:00.5+00:00"}
      {"s": "a\\\\b\\"c", "d": "2023-12-31T23:59:59.999999-00:01"}
      {"s": "B"}
      {"s": "b"}
      {"s": "ba", "d": "2024-01-05T10:00:00.1234567891Z"}
      {"nested": "not an object", "n": 30}
      {"n": 30, "s": "AND 1=1 OR ''=''"}
      {"n": 2.5e-3, "s": "x'"}
      {"n": true, "flag": [true]}
      {"n": {"v": 30}, "s": ["30"]}
      """;

  /**
   * Forty-one events covering types, nesting, missing values, dates and hostile text, an hour apart
   * from {@link #BASE}; the last is built from Java objects rather than JSON text.
   */
  static List<Event> events() {
    List<Event> list = new ArrayList<>();
    for (String data : DATA.lines().toList()) {
      Event.Builder b =
          Event.builder("user.created").source("web").data(data).occurredAt(hour(list.size()));
      list.add(customize(list.size(), b).build());
    }
    Map<String, Object> javaData = Map.of("n", 0.1f, "f", 2.5e-3d, "s", "float");
    list.add(Event.builder("from.java").source("web").data(javaData).occurredAt(hour(40)).build());
    return list;
  }

  private static Event.Builder customize(int index, Event.Builder b) {
    switch (index) {
      case 0:
        return b.topicIdentifier("eu").userKey("u-1").context("{\"tenant\": \"acme\", \"n\": 5}");
      case 1:
        return b.topicIdentifier("us").userKey("u-2").id(UPPER_ID);
      case 2:
        return b.name("order.placed").source("api").groupKey("g1").id(LOW_ID);
      case 3:
        return b.source("bill'ing").context("{\"tenant\": \"Acme\"}");
      case 4:
        return b.groupKey("g2").availableAt(BASE.plus(10, ChronoUnit.DAYS));
      case 5:
        return b.prevId(LOW_ID);
      case 6:
        return b.name(INJECTION).occurredAt(hour(3).plusNanos(3000));
      case 7:
        return b.name("user.deleted");
      case 8:
        return b.availableAt(BASE).userKey("u-3");
      case 9:
        return b.context("{\"tags\": [\"x\", \"y\"], \"n\": 0.5}");
      case 10:
        return b.source("API");
      case 16:
        return b.context("{\"tenant\": \"acme\"}");
      case 37:
        return b.traceKey("t").referenceKey("r");
      case 38:
        return b.dataSchema("s");
      case 39:
        return b.anonymousKey("anon");
      default:
        return b;
    }
  }

  private static Instant hour(int n) {
    return BASE.plus(n, ChronoUnit.HOURS);
  }
}
