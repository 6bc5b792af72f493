package io.eventrelay.spi;

import java.time.Instant;

/**
 * What {@link QueueStorage#claim(QueueClaim)} leases.
 *
 * @param queue the queue
 * @param owner the lease owner to record, unique to this claim
 * @param max the most deliveries to lease, at least 1
 * @param now the relay clock's time: deliveries available at or before it, whose lease ended before
 *     it, are claimable
 * @param leaseUntil the end of the leases taken
 * @param concurrencyLimit the most deliveries leased at once (leases ending at or after {@code
 *     now}), this claim's included; 0 for no limit
 * @param fifo whether a delivery waits while an earlier delivery with the same group key is in the
 *     queue
 */
public record QueueClaim(
    QueueRecord queue,
    String owner,
    int max,
    Instant now,
    Instant leaseUntil,
    int concurrencyLimit,
    boolean fifo) {}
