package io.eventrelay.spi;

import io.eventrelay.Event;
import java.time.Instant;

/**
 * A delivery leased by {@link QueueStorage#claim(QueueClaim)}.
 *
 * @param token the lease
 * @param event the event, as stored in the queue's topic
 * @param leaseUntil when the lease ends, as stored
 * @param lastError the error of the previous failed attempt, or {@code null}
 */
public record Delivery(DeliveryToken token, Event event, Instant leaseUntil, String lastError) {}
