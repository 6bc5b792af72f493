package io.eventrelay.internal.queues;

import io.eventrelay.Event;
import io.eventrelay.Job;
import io.eventrelay.spi.Delivery;
import io.eventrelay.spi.DeliveryToken;
import java.time.Instant;
import java.util.Optional;

/** A {@link Job} as a {@link RelayJobQueue} hands it out: a delivery and its lease token. */
final class ClaimedJob implements Job {
  private final DeliveryToken token;
  private final Event event;
  private final String lastError;
  private volatile Instant leaseUntil;
  private volatile boolean settled;

  ClaimedJob(Delivery delivery) {
    this.token = delivery.token();
    this.event = delivery.event();
    this.lastError = delivery.lastError();
    this.leaseUntil = delivery.leaseUntil();
  }

  @Override
  public Event event() {
    return event;
  }

  @Override
  public int attempt() {
    return token.attempt();
  }

  @Override
  public Instant leaseUntil() {
    return leaseUntil;
  }

  @Override
  public Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  DeliveryToken token() {
    return token;
  }

  void leaseUntil(Instant until) {
    this.leaseUntil = until;
  }

  /** Whether this handle acknowledged, failed or released the job. */
  boolean settled() {
    return settled;
  }

  void settle() {
    this.settled = true;
  }

  @Override
  public String toString() {
    return "Job{queue="
        + token.queue().topic()
        + "/"
        + token.queue().name()
        + ", offset="
        + token.offset()
        + ", attempt="
        + token.attempt()
        + ", leaseUntil="
        + leaseUntil
        + "}";
  }
}
