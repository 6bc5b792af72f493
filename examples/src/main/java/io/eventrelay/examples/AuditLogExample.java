package io.eventrelay.examples;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Filter;
import io.eventrelay.Topic;
import io.eventrelay.jdbc.JdbcStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * An audit log of user actions in a SQLite file: record events, query them with a filter, and read
 * what happened since a point in time.
 *
 * <pre>
 * mvn -q install -DskipTests
 * mvn -q -pl examples exec:java                  # writes target/audit-log.db
 * </pre>
 *
 * <p>The first argument, if given, is the database file to use instead.
 */
public final class AuditLogExample {

  // Event data: any object Jackson can serialize. Records keep their fields in order.
  record Login(String ip) {}

  record FailedLogin(String ip, int attempts) {}

  record PasswordChange(String via) {}

  record Logout(String reason) {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "target/audit-log.db");
    Files.createDirectories(file.toAbsolutePath().getParent());

    try (EventRelay relay = EventRelay.builder().storage(JdbcStorage.sqlite(file)).build()) {
      relay.deleteTopic("audit"); // start afresh, so every run prints the same
      Topic audit = relay.createTopic("audit");

      // The morning's actions, stored atomically as one batch with offsets 1 to 6.
      audit.publishAll(
          List.of(
              action("user.login", "alice", "09:00:12", new Login("10.0.0.7")),
              action("user.login_failed", "bob", "09:03:40", new FailedLogin("203.0.113.9", 1)),
              action("user.login_failed", "bob", "09:03:52", new FailedLogin("203.0.113.9", 2)),
              action("user.login_failed", "bob", "09:04:05", new FailedLogin("203.0.113.9", 3)),
              action("user.password_changed", "alice", "09:15:00", new PasswordChange("settings")),
              action("user.logout", "alice", "09:20:31", new Logout("user"))));

      Instant lastReport = relay.clock().instant();

      // Later actions, each durable as soon as publish returns.
      audit.publish(action("user.login", "bob", "13:45:00", new Login("10.0.0.12")));
      audit.publish(action("user.logout", "bob", "14:10:27", new Logout("timeout")));

      print("All events", audit.read(1, 100));

      String suspicious = "name == 'user.password_changed' OR data.attempts >= 3";
      print("Filtered: " + suspicious, audit.read(1, 100, Filter.parse(suspicious)));

      // offsetAt finds the first event recorded at or after a time.
      print("Since the last report", audit.read(audit.offsetAt(lastReport), 100));
    }
  }

  private static Event action(String name, String user, String time, Object data) {
    return Event.builder(name)
        .source("web")
        .userKey(user)
        .occurredAt(Instant.parse("2024-05-01T" + time + "Z"))
        .data(data)
        .build();
  }

  private static void print(String title, List<Event> events) {
    String row = "%6s  %-20s  %-21s  %-5s  %s%n";
    System.out.println(title);
    System.out.printf(row, "offset", "occurred at", "name", "user", "data");
    for (Event e : events) {
      System.out.printf(
          row, e.offset(), e.occurredAt(), e.name(), e.userKey().orElse("-"), e.dataJson());
    }
    System.out.println();
  }
}
