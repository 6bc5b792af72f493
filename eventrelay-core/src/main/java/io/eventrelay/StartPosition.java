package io.eventrelay;

import io.eventrelay.spi.Storage;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a new stream {@link Subscription} starts: at the topic's first event, after its last one,
 * at an offset or at a point in time. It applies only when the subscription is created; opening an
 * existing subscription keeps its cursor, whatever the start position says.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class StartPosition {
  private static final StartPosition EARLIEST = new StartPosition(0, null);
  private static final StartPosition LATEST = new StartPosition(-1, null);

  /** 0: earliest, -1: latest, else the first offset to deliver; ignored when time is set. */
  private final long offset;

  private final Instant time;

  private StartPosition(long offset, Instant time) {
    this.offset = offset;
    this.time = time;
  }

  /** From the topic's first event (offset 1): every event is delivered. The default. */
  public static StartPosition earliest() {
    return EARLIEST;
  }

  /** After the topic's last event when the subscription is created: only newer events. */
  public static StartPosition latest() {
    return LATEST;
  }

  /**
   * From {@code offset}: it is the first offset delivered.
   *
   * @param offset at least 1; when the subscription is created it must also be at most the topic's
   *     last offset + 1, or {@link EventRelay#subscribe} throws {@link IllegalArgumentException}
   * @throws IllegalArgumentException if {@code offset} is less than 1
   */
  public static StartPosition offset(long offset) {
    if (offset < 1) {
      throw new IllegalArgumentException("offset must be at least 1 (was " + offset + ")");
    }
    return new StartPosition(offset, null);
  }

  /**
   * From the first event recorded at or after {@code time} (see {@link Topic#offsetAt(Instant)}).
   */
  public static StartPosition time(Instant time) {
    return new StartPosition(0, Objects.requireNonNull(time, "time"));
  }

  /**
   * The cursor (the last offset counted as processed) a subscription created now starts with.
   *
   * @throws UnknownTopicException if the topic does not exist
   * @throws IllegalArgumentException if an offset lies beyond the topic's next offset
   */
  long initialCursor(Storage storage, String topic) {
    if (time != null) {
      return storage.offsetAt(topic, time) - 1;
    }
    if (offset == 0) {
      return 0;
    }
    long last = storage.lastOffset(topic);
    if (offset < 0) {
      return last;
    }
    if (offset > last + 1) {
      throw new IllegalArgumentException(
          "start offset must be at most "
              + (last + 1)
              + ", the next offset of topic '"
              + topic
              + "' (was "
              + offset
              + ")");
    }
    return offset - 1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StartPosition p && offset == p.offset && Objects.equals(time, p.time);
  }

  @Override
  public int hashCode() {
    return Objects.hash(offset, time);
  }

  @Override
  public String toString() {
    if (time != null) {
      return "time(" + time + ")";
    }
    return offset == 0 ? "earliest" : offset < 0 ? "latest" : "offset(" + offset + ")";
  }
}
