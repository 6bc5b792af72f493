package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.EventTransformer;
import io.eventrelay.EventTransformer.Output;
import io.eventrelay.JobQueue;
import io.eventrelay.QueueOptions;
import io.eventrelay.Topic;
import io.eventrelay.TransformException;
import io.eventrelay.UnknownTopicException;
import io.eventrelay.jdbc.JdbcStorage;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Transformers on every publish path: they change, drop and fan out events, and one publish call
 * stays one transaction whatever topics it reaches.
 */
abstract class TransformerContract extends StorageContract {
  private final Set<String> transformingThreads = ConcurrentHashMap.newKeySet();

  /**
   * Drops "noise", renames "order.placed" to "order.created", and copies each "order.paid" to the
   * audit topic (which may not exist); fails on "poison".
   */
  private final EventTransformer shop =
      input -> {
        transformingThreads.add(Thread.currentThread().getName());
        Event e = input.event();
        return switch (e.name()) {
          case "noise" -> List.of();
          case "poison" -> throw new IllegalStateException("cannot transform poison");
          case "order.placed" ->
              List.of(new Output(input.topic(), e.toBuilder().name("order.created").build()));
          case "order.paid" ->
              List.of(
                  input, new Output("audit:shop", e.toBuilder().name("audit.order.paid").build()));
          default -> List.of(input);
        };
      };

  private EventRelay relay(JdbcStorage storage, EventTransformer... transformers) {
    EventRelay.Builder builder = EventRelay.builder().storage(storage).clock(Clock.systemUTC());
    for (EventTransformer t : transformers) {
      builder.transformer(t);
    }
    return track(builder, storage);
  }

  @Test
  void aTransformerChangesDropsAndFansOutWithinOneCall() {
    EventRelay relay = relay(newStorage(), shop);
    Topic orders = relay.createTopic("orders");
    Topic audit = relay.createTopic("audit");

    List<Event> stored =
        orders.publishAll(
            List.of(event("order.placed", 1), event("noise", 2), event("order.paid", 3)));

    assertEquals(
        List.of("order.created", "order.paid", "audit.order.paid"),
        stored.stream().map(Event::name).toList());
    assertEquals(List.of("orders", "orders", "audit"), stored.stream().map(Event::topic).toList());
    assertEquals(List.of(1L, 2L, 1L), offsets(stored));
    assertEquals("shop", audit.read(1, 10).get(0).topicIdentifier().orElseThrow());
    assertEquals(stored.get(2).id(), audit.read(1, 10).get(0).id());
    assertTrue(transformingThreads.contains(Thread.currentThread().getName()));
  }

  @Test
  void publishOfADroppedEventReturnsItUnstoredAndOfAChangedOneTheStoredChange() {
    EventRelay relay = relay(newStorage(), shop);
    Topic orders = relay.createTopic("orders");
    Event noise = event("noise", 1);

    assertEquals(noise, orders.publish(noise));
    assertEquals(0, orders.publish(noise).offset());
    Event created = orders.publish(event("order.placed", 2));

    assertEquals("order.created", created.name());
    assertEquals(1, created.offset());
    assertEquals(1, orders.lastOffset());
    assertEquals(List.of(), orders.publishAll(List.of(noise, noise)));
  }

  @Test
  void aFanOutToAMissingTopicStoresNothingAnywhere() {
    EventRelay relay = relay(newStorage(), shop);
    Topic orders = relay.createTopic("orders");

    assertThrows(
        UnknownTopicException.class,
        () -> orders.publishAll(List.of(event("order.placed", 1), event("order.paid", 2))));

    assertEquals(0, orders.lastOffset(), "the fan-out commits whole or not at all");
  }

  @Test
  void aFailingTransformerRejectsTheCallWithTheInputsIndexAndStoresNothing() {
    EventRelay relay = relay(newStorage(), shop);
    Topic orders = relay.createTopic("orders");

    TransformException e =
        assertThrows(
            TransformException.class,
            () -> orders.publishAll(List.of(event("order.placed", 1), event("poison", 2))));

    assertEquals(1, e.index());
    assertTrue(e.getMessage().startsWith("event[1] was rejected by transformer"), e.getMessage());
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals(0, orders.lastOffset());
    assertEquals(
        -1,
        assertThrows(TransformException.class, () -> orders.publish(event("poison", 3))).index());
  }

  @Test
  void transformersChainAndRunOnTheTransactionalAndLivePaths() throws Exception {
    EventTransformer stamp =
        input ->
            List.of(
                new Output(
                    input.topic(),
                    input.event().toBuilder().context("{\"stamped\": true}").build()));
    JdbcStorage storage = newDatabase().open();
    EventRelay relay = relay(storage, shop, stamp);
    Topic orders = relay.createTopic("orders");
    List<Event> heard = new CopyOnWriteArrayList<>();
    orders.listen(heard::add);

    Event live = orders.publishLive(event("order.placed", 1));
    List<Event> inTransaction;
    try (Connection c = storage.dataSource().getConnection()) {
      c.setAutoCommit(false);
      inTransaction = orders.publishAll(c, List.of(event("order.placed", 2), event("noise", 3)));
      c.commit();
    }

    assertEquals("order.created", live.name());
    assertEquals("true", live.context().orElseThrow().get("stamped").toString());
    assertEquals(List.of("order.created"), inTransaction.stream().map(Event::name).toList());
    Event read = orders.read(1, 10).get(0);
    assertEquals("order.created", read.name());
    assertTrue(read.context().orElseThrow().get("stamped").asBoolean());
    awaitHeard(heard, 1);
    assertEquals("order.created", heard.get(0).name());
  }

  @Test
  void deadLettersAreNotTransformed() throws Exception {
    EventTransformer renameAll =
        input ->
            List.of(
                new Output(
                    input.topic(),
                    input.event().toBuilder().name("renamed." + input.event().name()).build()));
    EventRelay relay = relay(newStorage(), renameAll);
    Topic jobs = relay.createTopic("jobs");
    JobQueue queue = relay.queue("jobs", "mailer", QueueOptions.builder().maxAttempts(1).build());
    jobs.publish(event("email.requested", 1));

    queue.nack(queue.claim(1).get(0), "smtp down");

    Event letter = relay.topic(queue.deadLetterTopic()).read(1, 10).get(0);
    assertEquals("renamed.email.requested", letter.name(), "the dead letter keeps the stored name");
  }

  private static void awaitHeard(List<Event> heard, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (heard.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("heard " + heard.size() + " of " + n);
      }
      Thread.sleep(1); // waits for the listener's thread, not for time
    }
  }
}
