package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.InvalidEventException;
import io.eventrelay.Topic;
import io.eventrelay.jdbc.JdbcStorage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transactional publish (the outbox pattern): events published on the application's own connection
 * commit or roll back with its business rows, and a rollback leaves no gap in the offsets. Runs on
 * a SQLite file, so that the application's connection and the relay's are distinct.
 */
abstract class OutboxContract extends StorageContract {
  JdbcStorage storage;
  EventRelay relay;
  Topic topic;

  @BeforeEach
  void businessTableAndTwoEvents() throws SQLException {
    storage = newDatabase().open();
    relay = relay(storage);
    topic = relay.createTopic("orders");
    try (Connection c = storage.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE shop_orders (id VARCHAR(40) PRIMARY KEY, amount INTEGER NOT NULL)");
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
    topic.publishAll(events("before", 2));
  }

  @Test
  void rolledBackTransactionLeavesNeitherEventsNorRowsNorAGap() throws SQLException {
    try (Connection c = storage.dataSource().getConnection()) {
      c.setAutoCommit(false);
      insertOrder(c, "order-1", 100);
      List<Event> inTransaction = topic.publishAll(c, events("order.placed", 3));
      assertEquals(List.of(3L, 4L, 5L), offsets(inTransaction));
      c.rollback();
      c.setAutoCommit(true);
    }

    assertEquals(2, topic.lastOffset());
    assertEquals(List.of(1L, 2L), offsets(topic.read(1, 100)));
    assertEquals(0, countOrders());
    assertEquals(3, topic.publish(event("after", 0)).offset(), "the rollback left no gap");
    assertEquals(List.of(4L, 5L), offsets(topic.publishAll(events("after", 2))));
  }

  @Test
  void committedTransactionMakesEventsAndRowsVisibleTogether() throws SQLException {
    List<Event> inTransaction;
    try (Connection c = storage.dataSource().getConnection()) {
      c.setAutoCommit(false);
      insertOrder(c, "order-1", 100);
      inTransaction = topic.publishAll(c, events("order.placed", 2));
      insertOrder(c, "order-2", 250);

      assertEquals(2, topic.lastOffset(), "others do not see the events before the commit");
      assertEquals(List.of(1L, 2L), offsets(topic.read(1, 100)));
      c.commit();
      c.setAutoCommit(true);
    }

    assertEquals(List.of(3L, 4L), offsets(inTransaction));
    assertEquals(2, countOrders());
    List<Event> read = topic.read(3, 100);
    assertEquals(inTransaction, read);
    assertEquals(5, topic.publish(event("after", 0)).offset());
  }

  @Test
  void invalidEventInTheTransactionWritesNothingAndLeavesTheTransactionUsable()
      throws SQLException {
    List<Event> batch = new ArrayList<>(events("order.placed", 3));
    batch.set(2, batch.get(2).toBuilder().data("{oops").build());
    try (Connection c = storage.dataSource().getConnection()) {
      c.setAutoCommit(false);
      insertOrder(c, "order-1", 100);
      InvalidEventException e =
          assertThrows(InvalidEventException.class, () -> topic.publishAll(c, batch));
      assertEquals(2, e.index());
      assertEquals("data", e.field());
      c.commit();
      c.setAutoCommit(true);
    }

    assertEquals(1, countOrders());
    assertEquals(2, topic.lastOffset());
    assertEquals(3, topic.publish(event("after", 0)).offset());
  }

  @Test
  void successiveTransactionsKeepOffsetsDenseAcrossRollbacks() throws SQLException {
    List<Long> committed = new ArrayList<>(List.of(1L, 2L));
    for (int round = 0; round < 6; round++) {
      try (Connection c = storage.dataSource().getConnection()) {
        c.setAutoCommit(false);
        insertOrder(c, "order-" + round, round);
        List<Event> published = topic.publishAll(c, events("round" + round, 1 + round % 3));
        if (round % 2 == 0) {
          c.commit();
          committed.addAll(offsets(published));
        } else {
          c.rollback();
        }
        c.setAutoCommit(true);
      }
      committed.add(topic.publish(event("between", round)).offset());
    }

    assertEquals(range(1, committed.size()), committed);
    assertEquals(committed, offsets(readAll(topic)));
    assertEquals(3, countOrders());
  }

  @Test
  void outboxWorksOnTheDefaultTestStorageToo() throws SQLException {
    // For SQLite this is the in-memory database, whose one connection the caller holds meanwhile.
    JdbcStorage own = newStorage();
    Topic mem = relay(own).createTopic("mem");
    try (Connection c = own.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE mem_orders (id VARCHAR(40) PRIMARY KEY)");
      c.setAutoCommit(false);
      s.execute("INSERT INTO mem_orders (id) VALUES ('rolled-back')");
      assertEquals(List.of(1L, 2L), offsets(mem.publishAll(c, events("gone", 2))));
      c.rollback();
      s.execute("INSERT INTO mem_orders (id) VALUES ('kept')");
      assertEquals(List.of(1L), offsets(mem.publishAll(c, events("kept", 1))));
      c.commit();
      c.setAutoCommit(true);
    }

    assertEquals(List.of("kept"), mem.read(1, 10).stream().map(Event::name).toList());
    assertEquals(2, mem.publish(event("after", 0)).offset());
    try (Connection c = own.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM mem_orders")) {
      assertEquals(true, rs.next());
      assertEquals("kept", rs.getString(1));
      assertEquals(false, rs.next());
    }
  }

  static void insertOrder(Connection c, String id, int amount) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO shop_orders (id, amount) VALUES (?, ?)")) {
      ps.setString(1, id);
      ps.setInt(2, amount);
      ps.executeUpdate();
    }
  }

  int countOrders() throws SQLException {
    try (Connection c = storage.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM shop_orders")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
