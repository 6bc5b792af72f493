package io.eventrelay.jdbc.contract;

import static io.eventrelay.spi.AggregateRequest.Function.COUNT;
import static io.eventrelay.spi.AggregateRequest.Function.MAX;
import static io.eventrelay.spi.AggregateRequest.Function.MIN;
import static io.eventrelay.spi.AggregateRequest.Function.SUM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.eventrelay.Event;
import io.eventrelay.Filter;
import io.eventrelay.Topic;
import io.eventrelay.UnknownTopicException;
import io.eventrelay.filter.EventField;
import io.eventrelay.filter.JsonPath;
import io.eventrelay.jdbc.JdbcStorage;
import io.eventrelay.spi.AggregateRequest;
import io.eventrelay.spi.AggregateRequest.Function;
import io.eventrelay.spi.AggregateResult;
import io.eventrelay.spi.AggregateRow;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Aggregates: exact sums, minimums and maximums of JSON numbers per group and time bucket, checked
 * against an in-memory oracle over random events.
 */
abstract class AggregateContract extends StorageContract {
  private static final JsonPath AMOUNT = new JsonPath(JsonPath.Document.DATA, List.of("amount"));
  private static final JsonPath REGION = new JsonPath(JsonPath.Document.DATA, List.of("region"));
  private static final Instant DAY0 = Instant.parse("2024-03-01T00:00:00Z");

  /** Reads JSON numbers exactly, whatever their size. */
  private static final ObjectMapper EXACT =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private JdbcStorage storage;
  private List<Event> published;

  @Test
  void sumsMinimumAndMaximumAreExactOverTheWholeTopic() {
    publishSamples();
    assertAggregates(AggregateRequest.of("sales", 2000, AMOUNT, COUNT, SUM, MIN, MAX));
  }

  @Test
  void stringsThatLookLikeNumbersAndOtherTypesAreCountedButNotSummed() {
    storage = newStorage();
    Topic topic = relay(storage).createTopic("sales");
    for (String amount : List.of("30", "\"30\"", "1.5", "true", "null", "[1]", "{\"a\":1}")) {
      topic.publish(sale("{\"amount\":" + amount + "}", DAY0));
    }
    topic.publish(sale("{}", DAY0));

    AggregateResult result =
        storage.aggregate(AggregateRequest.of("sales", 8, AMOUNT, COUNT, SUM, MIN, MAX));

    assertEquals(List.of(row(null, null, 8, 2, "31.5", "1.5", "30")), normalized(result.rows()));
    assertEquals(8, result.upToOffset());
  }

  @Test
  void groupsByAUuidFieldInItsCanonicalFormAndSumsContextNumbers() {
    storage = newStorage();
    Topic topic = relay(storage).createTopic("sales");
    UUID prev = UUID.fromString("0190F0E5-7B1C-7CC3-9A41-6F2D1E8B3C55");
    topic.publishAll(
        List.of(
            sale("{}", DAY0).toBuilder().prevId(prev).context("{\"n\":2}").build(),
            sale("{}", DAY0).toBuilder().prevId(prev).context("{\"n\":3.25}").build(),
            sale("{}", DAY0).toBuilder().context("{\"n\":\"4\"}").build(),
            sale("{}", DAY0)));
    JsonPath n = new JsonPath(JsonPath.Document.CONTEXT, List.of("n"));

    AggregateResult result =
        storage.aggregate(
            AggregateRequest.of("sales", 4, n, SUM, MAX).withGroupBy(EventField.PREV_ID));

    assertEquals(
        List.of(
            row(null, null, 2, 0, "0", null, null),
            row("0190f0e5-7b1c-7cc3-9a41-6f2d1e8b3c55", null, 2, 2, "5.25", null, "3.25")),
        normalized(result.rows()));
  }

  @Test
  void groupsByAJsonStringWithEveryOtherValueInTheNullGroup() {
    publishSamples();
    assertAggregates(
        AggregateRequest.of("sales", 2000, AMOUNT, COUNT, SUM, MIN, MAX).withGroupBy(REGION));
  }

  @Test
  void groupsByKeyAndHourlyBucketOnEitherSideOfTheEpoch() {
    publishSamples();
    assertAggregates(
        AggregateRequest.of("sales", 2000, AMOUNT, SUM, MIN, MAX)
            .withGroupBy(REGION)
            .withBucketWidth(Duration.ofHours(1)));
  }

  @Test
  void aggregatesOnlyTheEventsTheFilterMatches() {
    publishSamples();
    assertAggregates(
        AggregateRequest.of("sales", 2000, AMOUNT, COUNT, SUM, MAX)
            .withFilter(Filter.parse("data.kind == 'online' OR name == 'refund'"))
            .withGroupBy(EventField.NAME)
            .withBucketWidth(Duration.ofDays(1)));
  }

  @Test
  void stopsAtUpToOffsetInTheMiddleOfTheTopic() {
    publishSamples();
    AggregateResult result =
        assertAggregates(
            AggregateRequest.of("sales", 1234, AMOUNT, COUNT, SUM, MIN, MAX)
                .withGroupBy(EventField.USER_KEY));
    assertEquals(1234, result.upToOffset());
  }

  @Test
  void upToOffsetBeyondTheLastCoversTheLastOffset() {
    publishSamples();
    AggregateResult result =
        assertAggregates(
            AggregateRequest.of("sales", 5000, AMOUNT, MIN).withBucketWidth(Duration.ofDays(1)));
    assertEquals(2000, result.upToOffset());
  }

  @Test
  void sumsTheOffsetField() {
    publishSamples();
    AggregateResult result =
        assertAggregates(AggregateRequest.of("sales", 100, EventField.OFFSET, SUM, MIN, MAX));
    assertEquals(List.of(row(null, null, 100, 100, "5050", "1", "100")), normalized(result.rows()));
  }

  @Test
  void countsWithoutAValue() {
    publishSamples();
    AggregateResult result =
        assertAggregates(
            AggregateRequest.count("sales", 2000).withBucketWidth(Duration.ofMinutes(30)));
    assertEquals(2000, result.rows().stream().mapToLong(AggregateRow::count).sum());
  }

  @Test
  void anEmptyTopicCountsZero() {
    storage = newStorage();
    relay(storage).createTopic("sales");

    AggregateResult all =
        storage.aggregate(AggregateRequest.of("sales", 10, AMOUNT, COUNT, SUM, MIN, MAX));
    AggregateResult grouped =
        storage.aggregate(AggregateRequest.of("sales", 10, AMOUNT, COUNT).withGroupBy(REGION));

    assertEquals(List.of(row(null, null, 0, 0, "0", null, null)), normalized(all.rows()));
    assertEquals(0, all.upToOffset());
    assertEquals(List.of(), grouped.rows());
    assertEquals(0, grouped.upToOffset());
  }

  @Test
  void upToOffsetZeroCoversNoEvent() {
    publishSamples();
    AggregateResult result = storage.aggregate(AggregateRequest.count("sales", 0));
    assertEquals(List.of(row(null, null, 0, 0, null, null, null)), normalized(result.rows()));
    assertEquals(0, result.upToOffset());
  }

  @Test
  void anUnknownTopicIsRefused() {
    storage = newStorage();
    relay(storage).createTopic("sales");

    UnknownTopicException e =
        assertThrows(
            UnknownTopicException.class,
            () -> storage.aggregate(AggregateRequest.count("nothing_here", 10)));
    assertEquals("nothing_here", e.topic());
  }

  /** Publishes 2,000 random sales to the topic {@code sales} of a new storage. */
  private void publishSamples() {
    storage = newStorage();
    Topic topic = relay(storage).createTopic("sales");
    Random random = new Random(20240301);
    published = new ArrayList<>();
    List<Event> batch = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      batch.add(randomSale(random));
      if (batch.size() == 250) {
        published.addAll(topic.publishAll(batch));
        batch.clear();
      }
    }
  }

  private static Event randomSale(Random random) {
    StringBuilder data = new StringBuilder("{\"kind\":");
    data.append(random.nextBoolean() ? "\"online\"" : "\"store\"");
    String amount = randomAmount(random);
    if (amount != null) {
      data.append(",\"amount\":").append(amount);
    }
    String[] regions = {"\"eu\"", "\"us\"", "\"\"", "\"\uFF21\"", "\"\uD835\uDD38\"", "7", "null"};
    int region = random.nextInt(regions.length + 1);
    if (region < regions.length) {
      data.append(",\"region\":").append(regions[region]);
    }
    data.append('}');
    Instant occurredAt =
        random.nextInt(20) == 0
            ? Instant.parse("1969-12-31T22:00:00Z")
                .plus(random.nextInt(3 * 3600), ChronoUnit.SECONDS)
            : DAY0.plus(random.nextLong(3 * 86_400_000_000L), ChronoUnit.MICROS);
    Event.Builder b =
        Event.builder(random.nextInt(4) == 0 ? "refund" : "sale")
            .source("contract-test")
            .data(data.toString())
            .occurredAt(occurredAt);
    int user = random.nextInt(6);
    return (user == 0 ? b : b.userKey("user-" + user)).build();
  }

  /** A JSON value for the amount, or null for none. */
  private static String randomAmount(Random random) {
    switch (random.nextInt(16)) {
      case 0:
        return null;
      case 1:
        return "null";
      case 2:
        return "\"" + random.nextInt(100) + "\"";
      case 3:
        return random.nextBoolean() ? "true" : "[1,2]";
      case 4:
        return "12345678901234567890.123456789";
      case 5:
        return (random.nextBoolean() ? "-" : "") + digits(random, 20) + "." + digits(random, 12);
      case 6:
        return random.nextBoolean() ? "9223372036854775807" : "-9223372036854775808";
      case 7:
        return "-0.000000000000000000001";
      case 8:
        return (1 + random.nextInt(9)) + "." + random.nextInt(10) + "e-" + random.nextInt(30);
      case 9:
        return (1 + random.nextInt(9)) + "E+" + random.nextInt(30);
      case 10:
        return random.nextInt(100) + ".50";
      case 11:
        return "-0";
      default:
        return Integer.toString(random.nextInt(2001) - 1000);
    }
  }

  private static String digits(Random random, int n) {
    StringBuilder s = new StringBuilder().append(1 + random.nextInt(9));
    for (int i = 1; i < n; i++) {
      s.append(random.nextInt(10));
    }
    return s.toString();
  }

  private static Event sale(String data, Instant occurredAt) {
    return Event.builder("sale").source("contract-test").data(data).occurredAt(occurredAt).build();
  }

  /** Asserts that the storage's result is the oracle's; returns it. */
  private AggregateResult assertAggregates(AggregateRequest request) {
    AggregateResult result = storage.aggregate(request);
    assertEquals(normalized(oracle(request)), normalized(result.rows()));
    return result;
  }

  /** The rows {@link io.eventrelay.spi.Storage#aggregate} must return, computed in memory. */
  private List<AggregateRow> oracle(AggregateRequest r) {
    Map<List<Object>, Totals> groups = new HashMap<>();
    for (Event e : published) {
      if (e.offset() > r.upToOffset() || !r.filter().matches(e)) {
        continue;
      }
      String group = r.groupBy() == null ? null : groupKey(e, r.groupBy());
      Instant bucket = r.bucketWidth() == null ? null : bucket(e.occurredAt(), r);
      groups
          .computeIfAbsent(Arrays.asList(group, bucket), k -> new Totals())
          .add(r.value() == null ? null : number(e, r.value()));
    }
    if (groups.isEmpty() && r.groupBy() == null && r.bucketWidth() == null) {
      groups.put(Arrays.asList(null, null), new Totals());
    }
    List<AggregateRow> rows = new ArrayList<>();
    groups.forEach(
        (key, t) ->
            rows.add(
                new AggregateRow(
                    (String) key.get(0),
                    (Instant) key.get(1),
                    t.count,
                    t.numbers,
                    r.functions().contains(Function.SUM) ? t.sum : null,
                    r.functions().contains(Function.MIN) ? t.min : null,
                    r.functions().contains(Function.MAX) ? t.max : null)));
    rows.sort(
        Comparator.comparing(
                (AggregateRow row) -> row.groupKey(),
                Comparator.nullsFirst(
                    Comparator.comparing((String s) -> s.codePoints().toArray(), Arrays::compare)))
            .thenComparing(AggregateRow::bucketStart, Comparator.nullsFirst(Instant::compareTo)));
    return rows;
  }

  private static String groupKey(Event e, io.eventrelay.filter.Field field) {
    if (field instanceof JsonPath path) {
      JsonNode v = at(e, path);
      return v != null && v.isTextual() ? v.textValue() : null;
    }
    if (field == EventField.NAME) {
      return e.name();
    }
    if (field == EventField.USER_KEY) {
      return e.userKey().orElse(null);
    }
    throw new IllegalArgumentException("the oracle does not group by " + field);
  }

  private static BigDecimal number(Event e, io.eventrelay.filter.Field field) {
    if (field == EventField.OFFSET) {
      return BigDecimal.valueOf(e.offset());
    }
    JsonNode v = at(e, (JsonPath) field);
    return v != null && v.isNumber() ? v.decimalValue() : null;
  }

  private static JsonNode at(Event e, JsonPath path) {
    try {
      JsonNode node = EXACT.readTree(e.dataJson());
      for (String segment : path.segments()) {
        node = node.get(segment);
        if (node == null) {
          return null;
        }
      }
      return node;
    } catch (Exception ex) {
      throw new AssertionError(ex);
    }
  }

  private static Instant bucket(Instant t, AggregateRequest r) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, t);
    long width = r.bucketWidth().toNanos() / 1000;
    return Instant.EPOCH.plus(Math.floorDiv(micros, width) * width, ChronoUnit.MICROS);
  }

  /** One group's totals in the oracle. */
  private static final class Totals {
    long count;
    long numbers;
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal min;
    BigDecimal max;

    void add(BigDecimal v) {
      count++;
      if (v != null) {
        numbers++;
        sum = sum.add(v);
        min = min == null || v.compareTo(min) < 0 ? v : min;
        max = max == null || v.compareTo(max) > 0 ? v : max;
      }
    }
  }

  /** A row with its numbers given as text, for {@link #normalized} comparisons. */
  private static String row(
      String group, Instant bucket, long count, long numbers, String sum, String min, String max) {
    return group + " | " + bucket + " | " + count + " | " + numbers + " | " + sum + " | " + min
        + " | " + max;
  }

  /** The rows as text, numbers in plain notation without trailing zeros: equal when equal value. */
  private static List<String> normalized(List<AggregateRow> rows) {
    return rows.stream()
        .map(
            r ->
                row(
                    r.groupKey(),
                    r.bucketStart(),
                    r.count(),
                    r.numbers(),
                    plain(r.sum()),
                    plain(r.min()),
                    plain(r.max())))
        .toList();
  }

  private static String plain(BigDecimal d) {
    return d == null ? null : d.stripTrailingZeros().toPlainString();
  }
}
