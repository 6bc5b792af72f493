package io.eventrelay.benchmarks;

import io.eventrelay.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The events every scenario writes, built once before anything is timed: drafts for the relay, and
 * the very same field values for the raw baselines' rows.
 *
 * <p>Each event has a name, a source, a user key and about 200 bytes of JSON data (an order with a
 * customer and two line items), varied by index so that no two rows are identical.
 */
final class Workload {
  static final String NAME = "order.placed";
  static final String SOURCE = "checkout-service";

  private final String[] data;
  private final String[] userKeys;
  private final List<Event> drafts;

  private Workload(int size) {
    data = new String[size];
    userKeys = new String[size];
    drafts = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      data[i] = json(i);
      userKeys[i] = "user-" + (i % 10_000);
      drafts.add(Event.builder(NAME).source(SOURCE).userKey(userKeys[i]).data(data[i]).build());
    }
  }

  /** A workload of {@code size} events. */
  static Workload of(int size) {
    return new Workload(size);
  }

  /** The number of events. */
  int size() {
    return drafts.size();
  }

  /** The relay's drafts {@code [from, to)}: events without id, time or offset. */
  List<Event> drafts(int from, int to) {
    return drafts.subList(from, to);
  }

  /** The draft at {@code i}. */
  Event draft(int i) {
    return drafts.get(i);
  }

  /** The JSON data of event {@code i}, as text. */
  String data(int i) {
    return data[i];
  }

  /** The user key of event {@code i}. */
  String userKey(int i) {
    return userKeys[i];
  }

  /** The average length of the JSON data in bytes (it is ASCII). */
  int averageDataBytes() {
    long total = 0;
    for (String d : data) {
      total += d.length();
    }
    return data.length == 0 ? 0 : (int) (total / data.length);
  }

  private static String json(int i) {
    return String.format(
        Locale.ROOT,
        "{\"order_id\":\"ord-%08d\",\"customer\":{\"id\":\"cus-%06d\",\"tier\":\"%s\","
            + "\"country\":\"%s\"},\"amount\":%d.%02d,\"currency\":\"EUR\",\"items\":["
            + "{\"sku\":\"SKU-%05d\",\"qty\":%d,\"price\":%d.99},"
            + "{\"sku\":\"SKU-%05d\",\"qty\":1,\"price\":4.50}],\"paid\":true}",
        i,
        i % 100_000,
        (i % 3 == 0) ? "gold" : "silver",
        (i % 2 == 0) ? "DE" : "FR",
        10 + i % 990,
        i % 100,
        i % 50_000,
        1 + i % 5,
        5 + i % 95,
        (i * 7) % 50_000);
  }
}
