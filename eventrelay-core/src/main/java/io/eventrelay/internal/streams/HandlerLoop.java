package io.eventrelay.internal.streams;

import io.eventrelay.Event;
import io.eventrelay.EventHandler;
import io.eventrelay.LeaseLostException;
import io.eventrelay.RelayClosedException;
import io.eventrelay.UnknownSubscriptionException;
import io.eventrelay.UnknownTopicException;
import io.eventrelay.internal.TopicSignals;
import io.eventrelay.internal.streams.StreamSubscription.Batch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread of a subscription's handler: reads a batch, hands its events to the handler one at a
 * time (retrying a failing call with backoff), commits, and waits for a wake-up when there is
 * nothing to do. It commits what it handled before it waits for a retry and before it stops, so the
 * cursor stays at the last event handled.
 *
 * <p>It stops only when the subscription closes or is deleted (or its topic is). Any other failure
 * (the storage, a lost lease, corrupt data) abandons the batch: the loop logs it, backs off with
 * the retry backoff by the relay's clock, and goes on after the cursor as stored, so no event is
 * skipped.
 */
final class HandlerLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(HandlerLoop.class);

  private final StreamSubscription subscription;
  private final EventHandler handler;
  private final TopicSignals signals;
  private final Clock clock;
  private final String topic;
  private final Duration pollInterval;

  HandlerLoop(StreamSubscription subscription, EventHandler handler) {
    this.subscription = subscription;
    this.handler = handler;
    this.signals = subscription.context().signals();
    this.clock = subscription.context().clock();
    this.topic = subscription.topic();
    this.pollInterval = subscription.options().pollInterval();
  }

  @Override
  public void run() {
    try {
      loop();
    } catch (Error e) {
      LOG.error("the handler thread of {} stops", subscription, e);
      throw e;
    } finally {
      subscription.loopEnded();
    }
  }

  private void loop() {
    int failures = 0;
    while (!subscription.closing()) {
      long seen = signals.version(topic);
      Instant started = clock.instant();
      try {
        Batch batch = subscription.nextBatch();
        if (batch.events().isEmpty()) {
          signals.awaitChange(topic, seen, pollInterval);
        } else {
          handle(batch);
        }
        failures = 0;
      } catch (LeaseLostException e) {
        LOG.info("{}; standing by until the lease is free", e.getMessage());
      } catch (UnknownTopicException | UnknownSubscriptionException | RelayClosedException e) {
        if (!subscription.closing()) {
          LOG.warn("stopping the handler of {}: {}", subscription, e.getMessage());
        }
        return;
      } catch (RuntimeException e) {
        if (subscription.closing()) {
          return;
        }
        failures++;
        Duration delay = backoff(failures);
        LOG.warn(
            "the handler loop of {} failed ({} in a row); it goes on after the stored cursor {}"
                + " after the failed attempt began",
            subscription,
            failures,
            delay,
            e);
        subscription.restartFromCursor();
        waitUntil(started.plus(delay), () -> !subscription.closing());
      }
    }
  }

  private void handle(Batch batch) {
    long handled = 0;
    for (Event event : batch.events()) {
      if (!handleOne(event, batch, handled)) {
        return;
      }
      handled = event.offset();
    }
    subscription.commitHandled(batch.horizon(), batch.generation());
  }

  /**
   * Calls the handler until it succeeds; false if the loop must leave the batch (closing, or the
   * position jumped), after committing up to {@code handled}.
   */
  private boolean handleOne(Event event, Batch batch, long handled) {
    int failures = 0;
    while (true) {
      if (!subscription.heartbeat(batch.generation())) {
        subscription.commitHandled(handled, batch.generation());
        return false;
      }
      Instant attempted = clock.instant();
      try {
        handler.handle(event);
        return true;
      } catch (Exception | Error e) {
        // A handler's Error (an assertion, a linkage problem) is its failure too: retried, never
        // the end of the subscription's thread.
        failures++;
        Duration delay = backoff(failures);
        LOG.warn(
            "the handler of {} failed on offset {} (attempt {}); retrying in {}",
            subscription,
            event.offset(),
            failures,
            delay,
            e);
        subscription.commitHandled(handled, batch.generation());
        if (!waitUntil(attempted.plus(delay), () -> subscription.heartbeat(batch.generation()))) {
          return false;
        }
      }
    }
  }

  /**
   * Waits until the relay's clock reaches {@code until}, checking {@code goOn} (which may renew the
   * lease) at every wake-up; false if it said to stop waiting.
   */
  private boolean waitUntil(Instant until, BooleanSupplier goOn) {
    while (true) {
      long seen = signals.version(topic);
      if (!goOn.getAsBoolean()) {
        return false;
      }
      Instant now = clock.instant();
      if (!now.isBefore(until)) {
        return true;
      }
      Duration left = Duration.between(now, until);
      signals.awaitChange(topic, seen, left.compareTo(pollInterval) < 0 ? left : pollInterval);
    }
  }

  /** The delay before retry {@code failures} by the subscription's retry backoff. */
  private Duration backoff(int failures) {
    return backoff(
        subscription.options().retryInitial(), subscription.options().retryMax(), failures);
  }

  /** The delay before retry {@code failures}: the initial delay, doubling, up to the maximum. */
  static Duration backoff(Duration initial, Duration max, int failures) {
    Duration delay = initial.multipliedBy(1L << Math.min(failures - 1, 30));
    return delay.compareTo(max) > 0 ? max : delay;
  }
}
