package io.eventrelay.internal;

import io.eventrelay.Event;
import io.eventrelay.OutcomeUnknownException;
import io.eventrelay.StorageException;
import io.eventrelay.spi.Storage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out whether an append whose commit failed in flight ({@link OutcomeUnknownException}) was
 * stored, by its events' ids ({@link Storage#storedOffsets}), which are unique within a topic: so
 * that no caller is told "failed" for events that are stored, and none is told "stored" for events
 * that are not. Asks again with backoff while the storage fails transiently, for a bounded time.
 */
final class CommitResolver {
  private static final Logger LOG = LoggerFactory.getLogger(CommitResolver.class);

  /** How long to keep asking while the storage fails. */
  static final Duration PATIENCE = Duration.ofSeconds(10);

  private static final long FIRST_PAUSE_NANOS = Duration.ofMillis(50).toNanos();
  private static final long MAX_PAUSE_NANOS = Duration.ofSeconds(1).toNanos();

  private final Storage storage;

  CommitResolver(Storage storage) {
    this.storage = storage;
  }

  /**
   * The offsets of {@code events} if the append that failed with {@code unknown} stored them.
   *
   * @throws StorageException (transient) if they are not stored
   * @throws OutcomeUnknownException {@code unknown}, if the storage could not tell in time
   */
  long[] resolve(List<Event> events, OutcomeUnknownException unknown) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    long pause = FIRST_PAUSE_NANOS;
    while (true) {
      long[] offsets;
      try {
        offsets = storage.storedOffsets(events);
      } catch (UnsupportedOperationException e) {
        throw unknown;
      } catch (RuntimeException e) {
        boolean worthAgain = e instanceof StorageException se && se.isTransient();
        if (!worthAgain || System.nanoTime() + pause > deadline) {
          unknown.addSuppressed(e);
          throw unknown;
        }
        LockSupport.parkNanos(pause);
        pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        continue;
      }
      if (allStored(offsets)) {
        LOG.warn(
            "a commit of {} events failed in flight but went through; reporting it as stored: {}",
            events.size(),
            unknown.getMessage());
        return offsets;
      }
      throw new StorageException(
          "storing "
              + events.size()
              + " events failed, and they were not stored: "
              + unknown.getMessage(),
          unknown.getCause(),
          true);
    }
  }

  private static boolean allStored(long[] offsets) {
    for (long offset : offsets) {
      if (offset <= 0) {
        return false;
      }
    }
    return true;
  }
}
