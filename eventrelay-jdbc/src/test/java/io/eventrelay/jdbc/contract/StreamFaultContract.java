package io.eventrelay.jdbc.contract;

import static io.eventrelay.jdbc.contract.StreamHandlerContract.OPTIONS;
import static io.eventrelay.jdbc.contract.StreamHandlerContract.WAIT;
import static io.eventrelay.jdbc.contract.StreamHandlerContract.awaitValue;
import static io.eventrelay.jdbc.contract.StreamHandlerContract.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventrelay.EventHandler;
import io.eventrelay.EventRelay;
import io.eventrelay.StorageException;
import io.eventrelay.Subscription;
import io.eventrelay.Topic;
import io.eventrelay.jdbc.contract.FailingStorage.When;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stream subscriptions while the storage fails: a handler never skips an event and never stops
 * until its subscription is closed or deleted, whatever fails and whenever; it backs off by the
 * relay's clock and goes on from the stored cursor. A consumer that polls re-reads the cursor after
 * a commit whose outcome it could not learn.
 *
 * <p>The clock stands still; the tests move it by the retry backoff of {@link
 * StreamHandlerContract#OPTIONS} (10 s, doubling, at most 15 s), each time after the handler's
 * thread has started the attempt the delay runs from.
 */
abstract class StreamFaultContract extends StorageContract {
  final MutableClock clock = MutableClock.at(T0);
  FailingStorage storage;
  EventRelay relay;
  Topic topic;

  @BeforeEach
  void relayOnAFailingStorage() {
    storage = new FailingStorage(newStorage());
    relay = relay(storage, clock);
    topic = relay.createTopic("orders");
  }

  /**
   * A handler fails on event 4 of a batch of 10 three times; the first time, committing 3 or (when
   * the retry is due) renewing the lease fails. Each line: the operation, when it fails, and the
   * handler's calls before the first retry, after it, after the second and after the third.
   */
  static Stream<Arguments> failuresWhileRetrying() {
    return Stream.of(
        // The commit of 3 did not happen: the handler goes on from the stored cursor, 0.
        Arguments.of("streams.commit", When.BEFORE, "1 2 3 4 | 1 2 3 4 | 4 | 4 5 6 7 8 9 10"),
        Arguments.of("streams.commit", When.AFTER, "1 2 3 4 | 4 | 4 | 4 5 6 7 8 9 10"),
        Arguments.of("streams.renew", When.BEFORE, "1 2 3 4 | 4 | 4 | 4 5 6 7 8 9 10"),
        Arguments.of("streams.renew", When.AFTER, "1 2 3 4 | 4 | 4 | 4 5 6 7 8 9 10"));
  }

  @ParameterizedTest(name = "{0} fails {1}")
  @MethodSource("failuresWhileRetrying")
  void storageFailingWhileTheHandlerRetriesAnEventSkipsNothing(
      String operation, When when, String expectedCalls) throws Exception {
    topic.publishAll(events("order.placed", 10));
    BlockingQueue<Long> calls = new LinkedBlockingQueue<>();
    AtomicInteger failuresLeft = new AtomicInteger(3);
    storage.fail(operation, when, 1); // the first commit (or renewal) is due while 4 is retried
    Subscription sub = relay.subscribe("orders", "billing", OPTIONS);

    sub.start(
        e -> {
          calls.add(e.offset());
          if (e.offset() == 4 && failuresLeft.getAndDecrement() > 0) {
            throw new IllegalStateException("downstream unavailable");
          }
        });

    List<List<Long>> expected = segments(expectedCalls);
    List<List<Long>> actual = new ArrayList<>();
    actual.add(take(calls, expected.get(0).size()));
    List<Duration> delays =
        List.of(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(15));
    for (int i = 0; i < delays.size(); i++) {
      clock.advance(delays.get(i));
      actual.add(take(calls, expected.get(i + 1).size()));
    }
    assertEquals(expected, actual);
    awaitValue(10, sub::committed);
    assertEquals(List.of(), List.copyOf(calls), "nothing handled more");
  }

  @Test
  void handlerGoesOnAfterACommitThatReportedFailureButWentThrough() throws Exception {
    topic.publishAll(events("order.placed", 5));
    BlockingQueue<Long> calls = new LinkedBlockingQueue<>();
    storage.fail("streams.commit", When.AFTER, 1);
    Subscription sub = relay.subscribe("orders", "billing", OPTIONS);

    sub.start(e -> calls.add(e.offset()));
    assertEquals(range(1, 5), take(calls, 5));
    awaitValue(5, sub::committed); // stored, though the handler's thread was told it failed
    topic.publishAll(events("order.placed", 5));
    clock.advance(Duration.ofSeconds(10)); // the backoff after the failure

    assertEquals(range(6, 10), take(calls, 5));
    awaitValue(10, sub::committed);
    topic.publishAll(events("order.placed", 3));
    assertEquals(range(11, 13), take(calls, 3), "the handler did not stop");
    awaitValue(13, sub::committed);
    assertEquals(List.of(), List.copyOf(calls));
  }

  /** Failures of a read: corrupt stored data (as a parse error or a storage error), or any bug. */
  enum ReadFailure {
    CORRUPT_JSON_PARSE_ERROR(
        () -> new IllegalStateException("stored JSON could not be parsed: injected")),
    CORRUPT_JSON_STORAGE_ERROR(() -> new StorageException("injected corrupt JSON")),
    PLAIN_RUNTIME_EXCEPTION(() -> new RuntimeException("injected"));

    final Supplier<RuntimeException> failure;

    ReadFailure(Supplier<RuntimeException> failure) {
      this.failure = failure;
    }
  }

  @ParameterizedTest
  @EnumSource(ReadFailure.class)
  void handlerBacksOffByTheRelaysClockAndGoesOnWhenReadingFails(ReadFailure kind) throws Exception {
    topic.publishAll(events("order.placed", 3));
    BlockingQueue<String> calls = new LinkedBlockingQueue<>();
    storage.fail("read", When.BEFORE, 2, kind.failure);
    Subscription sub = relay.subscribe("orders", "billing", OPTIONS);

    sub.start(e -> calls.add(e.offset() + "@" + Duration.between(T0, clock.instant()).toSeconds()));
    awaitValue(1, () -> storage.calls("read"));
    clock.advance(Duration.ofSeconds(10));
    awaitValue(2, () -> storage.calls("read")); // failed again: the next delay is 15 s
    clock.advance(Duration.ofSeconds(15));

    assertEquals(List.of("1@25", "2@25", "3@25"), take(calls, 3));
    awaitValue(3, sub::committed);
  }

  @Test
  void handlerStopsWhenItsSubscriptionIsDeletedWhileTheLeaseCannotBeRenewed() throws Exception {
    topic.publishAll(events("order.placed", 3));
    BlockingQueue<Long> calls = new LinkedBlockingQueue<>();
    AtomicReference<Thread> handlerThread = new AtomicReference<>();
    Subscription sub = relay.subscribe("orders", "billing", OPTIONS);
    sub.start(recording(calls, handlerThread));
    assertEquals(range(1, 3), take(calls, 3));
    awaitValue(3, sub::committed);

    relay.deleteSubscription("orders", "billing");
    storage.fail("streams.renew", When.BEFORE, -1);
    clock.advance(Duration.ofSeconds(11)); // a renewal is due, and fails
    awaitValue(1, () -> storage.calls("streams.renew"));
    clock.advance(Duration.ofSeconds(10)); // the backoff: the handler looks at its cursor again

    handlerThread.get().join(WAIT.toMillis());
    assertFalse(handlerThread.get().isAlive(), "the handler stopped: its subscription is gone");
    topic.publishAll(events("order.placed", 2));
    assertEquals(List.of(), List.copyOf(calls));
  }

  @Test
  void closingTheRelayStopsAHandlerThatBacksOffFromAFailingStorage() throws Exception {
    topic.publishAll(events("order.placed", 3));
    BlockingQueue<Long> calls = new LinkedBlockingQueue<>();
    AtomicReference<Thread> handlerThread = new AtomicReference<>();
    Subscription sub = relay.subscribe("orders", "billing", OPTIONS);
    sub.start(recording(calls, handlerThread));
    assertEquals(range(1, 3), take(calls, 3));
    awaitValue(3, sub::committed);
    int readsBefore = storage.calls("read");
    storage.fail("read", When.BEFORE, -1);
    topic.publishAll(events("order.placed", 2));
    awaitTrue("a read failed", () -> storage.calls("read") > readsBefore);

    relay.close();

    handlerThread.get().join(WAIT.toMillis());
    assertFalse(handlerThread.get().isAlive(), "closing the relay stopped the handler");
    assertEquals(List.of(), List.copyOf(calls));
  }

  @Test
  void pollingConsumerReReadsTheCursorAfterACommitThatReportedFailureButWentThrough() {
    topic.publishAll(events("order.placed", 10));
    Subscription sub = relay.subscribe("orders", "billing", OPTIONS);
    assertEquals(range(1, 5), offsets(sub.poll(5)));
    storage.fail("streams.commit", When.AFTER, 1);

    StorageException e = assertThrows(StorageException.class, () -> sub.commit(5));

    assertEquals("injected: connection lost during streams.commit", e.getMessage());
    sub.commit(5); // the retry finds the commit went through, and does nothing
    assertEquals(5, sub.committed());
    assertThrows(IllegalArgumentException.class, () -> sub.commit(5), "retried once is enough");
    assertEquals(range(6, 10), offsets(sub.poll(5)), "the position did not move back");
    sub.commit(10);
    assertEquals(10, sub.committed());
  }

  @Test
  void pollingConsumerCanRetryACommitThatFailedBeforeItHappened() {
    topic.publishAll(events("order.placed", 10));
    Subscription sub = relay.subscribe("orders", "billing", OPTIONS);
    assertEquals(range(1, 5), offsets(sub.poll(5)));
    storage.fail("streams.commit", When.BEFORE, 1);

    assertThrows(StorageException.class, () -> sub.commit(5));
    assertEquals(0, sub.committed());

    sub.commit(5);
    assertEquals(5, sub.committed());
    assertEquals(range(6, 10), offsets(sub.poll(5)));
  }

  /** A handler that records offsets and the thread it runs on. */
  static EventHandler recording(BlockingQueue<Long> calls, AtomicReference<Thread> thread) {
    return e -> {
      thread.compareAndSet(null, Thread.currentThread());
      calls.add(e.offset());
    };
  }

  /** Waits until {@code condition} holds (work of another thread); fails after WAIT. */
  static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + WAIT + " until " + what);
      }
      Thread.sleep(2);
    }
  }

  /** "1 2 | 3" as [[1, 2], [3]]. */
  static List<List<Long>> segments(String text) {
    return Arrays.stream(text.split("\\|"))
        .map(s -> Arrays.stream(s.trim().split(" ")).map(Long::valueOf).toList())
        .toList();
  }
}
