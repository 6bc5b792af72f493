package io.eventrelay;

import java.time.Duration;

/**
 * A snapshot of a {@link JobQueue}, read in one consistent query and timed by the relay's clock.
 *
 * @param pending jobs waiting to be claimed: new, delayed ({@link Event#availableAt()} in the
 *     future), waiting to be retried, or whose lease expired. With a filter that runs in memory
 *     ({@link Filter#of}), events not yet turned into jobs are counted without it: an upper bound
 * @param inFlight jobs leased to a worker whose lease has not expired
 * @param oldestPendingAge how long the oldest job that could be claimed now has been waiting since
 *     it last became available: its event's recording time or {@code availableAt}, the time its
 *     retry became due, or the end of a lease that expired; zero when none is waiting
 * @param deadLetters jobs of this queue in the dead-letter topic that were not redriven
 */
public record QueueStats(
    long pending, long inFlight, Duration oldestPendingAge, long deadLetters) {}
