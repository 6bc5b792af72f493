package io.eventrelay.examples;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Subscription;
import io.eventrelay.SubscriptionOptions;
import io.eventrelay.Topic;
import io.eventrelay.jdbc.JdbcStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A stream subscription in a SQLite file: the "billing" consumer reads the placed orders of topic
 * "orders" and commits its cursor; a second consumer stands by, takes over after the first closes
 * and resumes after the committed cursor; {@code seek} replays events.
 *
 * <pre>
 * mvn -q install -DskipTests
 * mvn -q -pl examples exec:java -Dexec.mainClass=io.eventrelay.examples.StreamConsumerExample
 * </pre>
 *
 * <p>The first argument, if given, is the database file to use instead of {@code
 * target/stream-consumer.db}.
 */
public final class StreamConsumerExample {

  record Order(String id, int cents) {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "target/stream-consumer.db");
    Files.createDirectories(file.toAbsolutePath().getParent());

    try (EventRelay relay = EventRelay.builder().storage(JdbcStorage.sqlite(file)).build()) {
      // Start afresh, so every run prints the same; deleting a topic deletes its subscriptions.
      relay.deleteTopic("orders");
      Topic orders = relay.createTopic("orders");
      orders.publishAll(
          List.of(
              order("order.placed", "alice", new Order("A-1001", 2500)),
              order("order.placed", "bob", new Order("A-1002", 1200)),
              order("order.cancelled", "alice", new Order("A-1001", 2500)),
              order("order.placed", "carol", new Order("A-1003", 4999))));

      // The filter is stored with the subscription; every consumer opens it with the same options.
      SubscriptionOptions billing =
          SubscriptionOptions.builder().filter("name == 'order.placed'").build();

      // Two consumers of one subscription, as if in two processes: only one holds the lease.
      Subscription first = relay.subscribe("orders", "billing", billing);
      Subscription second = relay.subscribe("orders", "billing", billing);
      consume("First consumer", first);
      consume("Second consumer, while the first holds the lease", second);

      first.close(); // releases the lease; the durable cursor stays where the first committed it
      orders.publishAll(
          List.of(
              order("order.placed", "dave", new Order("A-1004", 800)),
              order("order.cancelled", "bob", new Order("A-1002", 1200)),
              order("order.placed", "erin", new Order("A-1005", 3100))));
      consume("Second consumer, after the first closed", second);

      second.seek(2); // replay from offset 2: delivered again, so handlers should be idempotent
      consume("Second consumer, after seek(2)", second);
      second.close();
    }
  }

  private static Event order(String name, String customer, Order order) {
    return Event.builder(name).source("shop").userKey(customer).data(order).build();
  }

  /** Polls one batch, prints it and commits it, as a consumer's loop would. */
  private static void consume(String title, Subscription consumer) {
    long from = consumer.committed();
    List<Event> events = consumer.poll(100);
    if (!events.isEmpty()) {
      consumer.commit(events.get(events.size() - 1).offset());
    }
    String row = "%6s  %-12s  %-5s  %s%n";
    System.out.printf("%s: cursor %d, %d events%n", title, from, events.size());
    if (!events.isEmpty()) {
      System.out.printf(row, "offset", "name", "user", "data");
    }
    for (Event e : events) {
      System.out.printf(row, e.offset(), e.name(), e.userKey().orElse("-"), e.dataJson());
    }
    System.out.printf("committed %d%n%n", consumer.committed());
  }
}
