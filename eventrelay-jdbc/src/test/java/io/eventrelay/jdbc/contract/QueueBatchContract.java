package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventrelay.EventRelay;
import io.eventrelay.Filter;
import io.eventrelay.QueueStats;
import io.eventrelay.jdbc.JdbcStorage;
import io.eventrelay.spi.Delivery;
import io.eventrelay.spi.DeliveryToken;
import io.eventrelay.spi.QueueClaim;
import io.eventrelay.spi.QueueRecord;
import io.eventrelay.spi.QueueStorage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storage's batch operations on leases, which a worker uses for the jobs it finished, gives
 * back or keeps waiting: each changes the deliveries that still carry their token, in one
 * transaction, and reports which; the others stay as they were.
 */
abstract class QueueBatchContract extends StorageContract {
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final MutableClock clock = MutableClock.at(T0);
  private QueueStorage queues;
  private QueueRecord queue;
  private EventRelay relay;
  private int claims;

  @BeforeEach
  void openQueue() {
    JdbcStorage storage = newStorage();
    relay = relay(storage, clock);
    relay.createTopic("jobs").publishAll(events("job", 4));
    queues = storage.queues();
    queue = queues.openQueue("jobs", "batch", Filter.all(), "batch_dead", true);
  }

  private List<DeliveryToken> claim(int max) {
    List<Delivery> leased =
        queues.claim(
            new QueueClaim(
                queue,
                "owner-" + ++claims,
                max,
                clock.instant(),
                clock.instant().plus(LEASE),
                0,
                false));
    return leased.stream().map(Delivery::token).toList();
  }

  /** A token for the delivery at {@code offset} that it does not carry (a stale attempt). */
  private static DeliveryToken stale(DeliveryToken t) {
    return new DeliveryToken(t.queue(), t.offset(), t.owner(), t.attempt() + 1);
  }

  private QueueStats stats() {
    return queues.stats(queue, Filter.all(), clock.instant());
  }

  @Test
  void ackAllDeletesTheDeliveriesThatStillCarryTheirTokenAndReportsWhich() {
    List<DeliveryToken> t = claim(4);

    boolean[] acked = queues.ackAll(List.of(t.get(0), stale(t.get(1)), t.get(2)));

    assertArrayEquals(new boolean[] {true, false, true}, acked);
    assertEquals(new QueueStats(0, 2, Duration.ZERO, 0), stats(), "offsets 2 and 4 still leased");
    assertArrayEquals(new boolean[] {false, true}, queues.ackAll(List.of(t.get(0), t.get(1))));
    assertArrayEquals(new boolean[0], queues.ackAll(List.of()));
  }

  @Test
  void aTokenListedTwiceChangesItsDeliveryOnceAndOneBatchMayMixQueues() {
    List<DeliveryToken> t = claim(2);
    QueueRecord other = queues.openQueue("jobs", "other", Filter.all(), "batch_dead", true);
    DeliveryToken theirs =
        queues
            .claim(
                new QueueClaim(
                    other, "theirs", 1, clock.instant(), clock.instant().plus(LEASE), 0, false))
            .get(0)
            .token();

    boolean[] acked = queues.ackAll(List.of(t.get(0), theirs, t.get(0), t.get(1)));

    assertArrayEquals(new boolean[] {true, true, false, true}, acked);
    assertEquals(new QueueStats(2, 0, Duration.ZERO, 0), stats(), "offsets 3 and 4 still pending");
    assertEquals(
        new QueueStats(3, 0, Duration.ZERO, 0), queues.stats(other, Filter.all(), clock.instant()));
  }

  @Test
  void releaseAllEndsTheLeasesWithoutCountingTheAttempt() {
    List<DeliveryToken> t = claim(3);

    boolean[] released = queues.releaseAll(List.of(t.get(0), stale(t.get(1))), clock.instant());

    assertArrayEquals(new boolean[] {true, false}, released);
    assertEquals(new QueueStats(2, 2, Duration.ZERO, 0), stats());
    List<DeliveryToken> again = claim(10);
    assertEquals(List.of(1L, 4L), again.stream().map(DeliveryToken::offset).toList());
    assertEquals(1, again.get(0).attempt(), "the released attempt did not count");
  }

  @Test
  void extendAllMovesTheLeasesEndOfTheDeliveriesThatStillCarryTheirToken() {
    List<DeliveryToken> t = claim(2);

    boolean[] extended =
        queues.extendAll(List.of(stale(t.get(0)), t.get(1)), T0.plus(LEASE.multipliedBy(2)));

    assertArrayEquals(new boolean[] {false, true}, extended);
    clock.advance(LEASE.plusSeconds(1));
    List<DeliveryToken> again = claim(10);
    assertEquals(
        List.of(1L, 3L, 4L),
        again.stream().map(DeliveryToken::offset).toList(),
        "offset 2 is still leased; offset 1's lease expired");
  }
}
