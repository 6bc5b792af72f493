package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.EventRelay;
import io.eventrelay.StorageException;
import io.eventrelay.Subscription;
import io.eventrelay.SubscriptionOptions;
import io.eventrelay.Topic;
import io.eventrelay.jdbc.JdbcStorage;
import io.eventrelay.jdbc.JdbcStorageBuilder;
import io.eventrelay.jdbc.spi.JdbcMigrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Add-on modules' storage: their migrations applied and recorded with the relay's own, and their
 * transactions on the relay's database, committing with a stream's cursor and new events.
 */
abstract class MigrationSpiContract extends StorageContract {
  static final String MODULE = "test_addon";
  static final JdbcMigrations ADDON_V2 =
      JdbcMigrations.of(MODULE, MigrationSpiContract.class, "io/eventrelay/jdbc/testaddon/v2");
  static final JdbcMigrations ADDON_V3 =
      JdbcMigrations.of(MODULE, MigrationSpiContract.class, "io/eventrelay/jdbc/testaddon/v3");
  static final Instant T1 = T0.plus(Duration.ofHours(1));

  /** A builder for a database that only the test's one storage opens. */
  JdbcStorageBuilder privateDatabase() {
    return newDatabase().storageBuilder();
  }

  @Test
  void storagesStartingAtOnceApplyEachModuleScriptOnceAndALaterScriptAppliesAlone()
      throws Exception {
    Database db = newDatabase();
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<EventRelay>> tasks = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      tasks.add(
          () -> {
            JdbcStorage storage = db.storageBuilder().migrations(ADDON_V2).build();
            assertTrue(start.await(30, TimeUnit.SECONDS));
            return track(EventRelay.builder().storage(storage).clock(MutableClock.at(T0)), storage);
          });
    }

    ConcurrentPublishContract.runAll(tasks, start);

    List<Integer> core = db.schemaVersions();
    assertEquals(range(1, core.size()), core.stream().map(Long::valueOf).toList());
    assertEquals(
        List.of(row(1, "state", T0), row(2, "state_attempts", T0)),
        moduleRows(db),
        "each module script is recorded exactly once");
    assertEquals(1, db.countTables("test_addon_state"));

    JdbcStorage third = db.storageBuilder().migrations(ADDON_V3).build();
    track(EventRelay.builder().storage(third).clock(MutableClock.at(T1)), third);

    assertEquals(
        List.of(row(1, "state", T0), row(2, "state_attempts", T0), row(3, "state_note_index", T1)),
        moduleRows(db));
    assertEquals(core, db.schemaVersions(), "the relay's own versions are as they were");
  }

  @Test
  void aModuleSchemaNewerThanItsScriptsIsRefusedWithOrWithoutMigrations() throws Exception {
    Database db = newDatabase();
    open(db.storageBuilder().migrations(ADDON_V2));
    db.execute(
        "INSERT INTO eventrelay_module_versions (module, version, description, installed_at)"
            + " VALUES ('"
            + MODULE
            + "', 3, 'from_a_later_build', 0)");
    List<String> rows = moduleRows(db);
    List<Integer> core = db.schemaVersions();

    for (boolean migrate : new boolean[] {true, false}) {
      JdbcStorage storage = db.storageBuilder().migrate(migrate).migrations(ADDON_V2).build();
      StorageException e =
          assertThrows(
              StorageException.class, () -> track(EventRelay.builder().storage(storage), storage));

      assertEquals(
          "the database schema of module 'test_addon' is at version 3 but this build ships up to"
              + " version 2; upgrade the add-on that provides it",
          e.getMessage(),
          "migrate(" + migrate + ")");
    }
    assertEquals(rows, moduleRows(db), "nothing was migrated");
    assertEquals(core, db.schemaVersions());
  }

  @Test
  void withoutMigrationsAModuleBehindItsScriptsFailsClearlyAndGetsNoTables() throws Exception {
    Database db = newDatabase();
    open(db.storageBuilder());
    // A database migrated before modules existed has no module table at all.
    db.execute("DROP TABLE eventrelay_module_versions");
    String folder =
        "io/eventrelay/jdbc/testaddon/v2/" + backend().name().toLowerCase(Locale.ROOT) + "/";

    assertEquals(
        "the database schema of module 'test_addon' is at version 0 but this build needs version"
            + " 2; start once with migrations on (JdbcStorageBuilder.migrate(true)), or apply the"
            + " scripts in "
            + folder
            + " and record each in eventrelay_module_versions",
        startFails(db.storageBuilder().migrate(false).migrations(ADDON_V2)).getMessage());
    assertEquals(0, db.countTables("test_addon"), "migrate(false) must not create tables");
    assertEquals(0, db.countTables("eventrelay_module"));

    open(db.storageBuilder().migrations(ADDON_V2));
    open(db.storageBuilder().migrate(false).migrations(ADDON_V2));
    assertTrue(
        startFails(db.storageBuilder().migrate(false).migrations(ADDON_V3))
            .getMessage()
            .startsWith(
                "the database schema of module 'test_addon' is at version 2 but this build needs"
                    + " version 3;"));
  }

  @Test
  void addOnStateCursorAndEventsCommitTogetherInOneTransaction() throws Exception {
    JdbcStorage storage = privateDatabase().migrations(ADDON_V2).build();
    EventRelay relay = relay(storage);
    relay.createTopic("orders").publishAll(events("order", 3));
    Topic audit = relay.createTopic("audit");
    Subscription sub = relay.subscribe("orders", "addon", SubscriptionOptions.defaults());
    assertEquals(List.of(1L, 2L, 3L), offsets(sub.poll(3)));

    String result =
        storage.inTransaction(
            "recording add-on state",
            c -> {
              insertState(c, 1, "seen 3");
              sub.commit(c, 3);
              audit.publishAll(c, List.of(event("audited", 3)));
              return "done";
            });

    assertEquals("done", result);
    assertEquals(3, sub.committed());
    assertEquals(List.of("1:seen 3:0"), state(storage));
    assertEquals(List.of(1L), offsets(audit.read(1, 10)));
  }

  @Test
  void workThatThrowsRollsBackAddOnStateCursorAndEvents() throws Exception {
    JdbcStorage storage = privateDatabase().migrations(ADDON_V2).build();
    EventRelay relay = relay(storage);
    relay.createTopic("orders").publishAll(events("order", 3));
    Topic audit = relay.createTopic("audit");
    Subscription sub = relay.subscribe("orders", "addon", SubscriptionOptions.defaults());
    assertEquals(List.of(1L, 2L, 3L), offsets(sub.poll(3)));
    IllegalStateException failure = new IllegalStateException("the add-on failed");

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                storage.inTransaction(
                    "recording add-on state",
                    c -> {
                      insertState(c, 1, "seen 3");
                      sub.commit(c, 3);
                      audit.publishAll(c, List.of(event("audited", 3)));
                      throw failure;
                    }));

    assertSame(failure, thrown, "the work's exception comes out as it was thrown");
    assertEquals(0, sub.committed(), "the cursor rolled back");
    assertEquals(List.of(), state(storage), "the add-on's row rolled back");
    assertEquals(0, audit.lastOffset(), "the event rolled back");
  }

  @Test
  void aFailedStatementInTheWorkIsAStorageExceptionSayingWhatWasDone() throws Exception {
    JdbcStorage storage = privateDatabase().migrations(ADDON_V2).build();
    relay(storage);

    StorageException e =
        assertThrows(
            StorageException.class,
            () ->
                storage.inTransaction(
                    "recording add-on state",
                    c -> {
                      insertState(c, 1, "first");
                      insertState(c, 1, "the same key again");
                      return null;
                    }));

    assertTrue(
        e.getMessage().startsWith("recording add-on state failed: "), "message: " + e.getMessage());
    assertFalse(e.isTransient(), "a broken constraint is the operation's failure");
    assertEquals(List.of(), state(storage), "the first insert rolled back");
  }

  /** Starts a relay on the storage built, and closes it. */
  private static void open(JdbcStorageBuilder builder) {
    try (EventRelay relay = EventRelay.builder().storage(builder.build()).build()) {
      assertEquals(List.of(), relay.topics());
    }
  }

  private StorageException startFails(JdbcStorageBuilder builder) {
    JdbcStorage storage = builder.build();
    return assertThrows(
        StorageException.class, () -> track(EventRelay.builder().storage(storage), storage));
  }

  private static void insertState(Connection c, long id, String note) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO test_addon_state (id, note) VALUES (?, ?)")) {
      ps.setLong(1, id);
      ps.setString(2, note);
      ps.executeUpdate();
    }
  }

  /** The add-on's rows as "id:note:attempts", read in a transaction of the storage. */
  private static List<String> state(JdbcStorage storage) {
    return storage.inTransaction(
        "reading add-on state",
        c -> {
          List<String> out = new ArrayList<>();
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery("SELECT id, note, attempts FROM test_addon_state ORDER BY id")) {
            while (rs.next()) {
              out.add(rs.getLong(1) + ":" + rs.getString(2) + ":" + rs.getInt(3));
            }
          }
          return out;
        });
  }

  private static String row(int version, String description, Instant installedAt) {
    return MODULE
        + " V"
        + version
        + " "
        + description
        + " @"
        + ChronoUnit.MICROS.between(Instant.EPOCH, installedAt);
  }

  /** The rows of the module-version table, in order, as {@link #row} writes them. */
  private static List<String> moduleRows(Database db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT module, version, description, installed_at"
                    + " FROM eventrelay_module_versions ORDER BY module, version")) {
      while (rs.next()) {
        out.add(
            rs.getString(1) + " V" + rs.getInt(2) + " " + rs.getString(3) + " @" + rs.getLong(4));
      }
    }
    return out;
  }
}
