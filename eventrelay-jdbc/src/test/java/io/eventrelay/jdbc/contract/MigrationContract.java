package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.EventRelay;
import io.eventrelay.StorageException;
import io.eventrelay.Topic;
import io.eventrelay.jdbc.JdbcStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Schema migrations: applied once, safely when several instances start at the same moment. */
abstract class MigrationContract extends StorageContract {

  @Test
  void storagesStartingAtOnceOnAFreshDatabaseAllSucceedAndShareOneSchema() throws Exception {
    for (int round = 0; round < 3; round++) {
      Database db = newDatabase();
      int starters = 3;
      CyclicBarrier together = new CyclicBarrier(starters);
      List<Callable<EventRelay>> tasks = new ArrayList<>();
      for (int i = 0; i < starters; i++) {
        tasks.add(
            () -> {
              JdbcStorage storage = db.open();
              together.await(30, TimeUnit.SECONDS);
              return track(EventRelay.builder().storage(storage), storage);
            });
      }

      List<EventRelay> relays = ConcurrentPublishContract.runAll(tasks, new CountDownLatch(0));

      int tables = db.countTables("eventrelay");
      relays.get(0).createTopic("shared");
      for (int i = 0; i < starters; i++) {
        Topic topic = relays.get(i).topic("shared");
        assertEquals(i + 1, topic.publish(event("from" + i, i)).offset());
      }
      List<Integer> versions = db.schemaVersions();
      assertEquals(
          range(1, versions.size()),
          versions.stream().map(Long::valueOf).toList(),
          "each migration is recorded exactly once");
      assertEquals(1, db.countTables("eventrelay_topics"));
      assertEquals(1, db.countTables("eventrelay_events"));
      assertEquals(tables, db.countTables("eventrelay"), "no table appeared after start");
      assertEquals(
          range(1, starters), offsets(relays.get(starters - 1).topic("shared").read(1, 10)));
    }
  }

  @Test
  void reopeningAMigratedDatabaseKeepsItsEventsWithOrWithoutMigrations() throws Exception {
    Database db = newDatabase();
    try (EventRelay first = EventRelay.builder().storage(db.open()).build()) {
      first.createTopic("kept").publishAll(events("e", 3));
    }
    int tables = db.countTables("eventrelay");

    try (EventRelay again = EventRelay.builder().storage(db.open()).build()) {
      assertEquals(3, again.topic("kept").lastOffset());
    }
    JdbcStorage noMigrations = db.storageBuilder().migrate(false).build();
    try (EventRelay third = EventRelay.builder().storage(noMigrations).build()) {
      assertEquals(4, third.topic("kept").publish(event("e", 4)).offset());
    }
    assertEquals(tables, db.countTables("eventrelay"));
    List<Integer> versions = db.schemaVersions();
    assertEquals(range(1, versions.size()), versions.stream().map(Long::valueOf).toList());
  }

  @Test
  void aSchemaNewerThanThisLibraryIsRefusedWithOrWithoutMigrations() throws Exception {
    Database db = newDatabase();
    try (EventRelay first = EventRelay.builder().storage(db.open()).build()) {
      first.createTopic("kept").publish(event("e", 1));
    }
    List<Integer> versions = new ArrayList<>(db.schemaVersions());
    int supported = versions.get(versions.size() - 1);
    int newer = supported + 3;
    db.execute(
        "INSERT INTO eventrelay_schema_version (version, description, installed_at)"
            + " VALUES ("
            + newer
            + ", 'from_a_later_eventrelay', 0)");
    versions.add(newer);

    for (boolean migrate : new boolean[] {true, false}) {
      JdbcStorage storage = db.storageBuilder().migrate(migrate).build();
      StorageException e =
          assertThrows(
              StorageException.class, () -> track(EventRelay.builder().storage(storage), storage));

      assertEquals(
          "the database schema is at version "
              + newer
              + " but this EventRelay supports up to "
              + supported
              + "; upgrade EventRelay",
          e.getMessage(),
          "migrate(" + migrate + ")");
    }
    assertEquals(versions, db.schemaVersions(), "nothing was migrated");
  }

  @Test
  void withoutMigrationsAnEmptyDatabaseFailsClearlyAndGetsNoTables() throws Exception {
    Database db = newDatabase();
    JdbcStorage storage = db.storageBuilder().migrate(false).build();

    StorageException e =
        assertThrows(
            StorageException.class,
            () -> track(EventRelay.builder().storage(storage), storage).createTopic("t"));

    String message = e.getMessage().toLowerCase(Locale.ROOT);
    assertTrue(message.contains("migrat") || message.contains("schema"), e.getMessage());
    assertEquals(0, db.countTables("eventrelay"), "migrate(false) must not create tables");
  }
}
