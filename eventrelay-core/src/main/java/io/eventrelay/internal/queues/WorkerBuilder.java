package io.eventrelay.internal.queues;

import io.eventrelay.JobHandler;
import io.eventrelay.Worker;
import java.time.Duration;
import java.util.Objects;

/** Configures a {@link QueueWorker}. */
final class WorkerBuilder implements Worker.Builder {
  final RelayJobQueue queue;
  final JobHandler handler;
  int threads = 1;
  int prefetch = -1; // the default: see Worker.Builder#prefetch
  Duration pollInterval = Duration.ofSeconds(1);
  Duration shutdownTimeout = Duration.ofSeconds(30);

  WorkerBuilder(RelayJobQueue queue, JobHandler handler) {
    this.queue = queue;
    this.handler = handler;
  }

  @Override
  public WorkerBuilder threads(int threads) {
    if (threads < 1 || threads > 1000) {
      throw new IllegalArgumentException(
          "threads must be between 1 and 1000 (was " + threads + ")");
    }
    this.threads = threads;
    return this;
  }

  @Override
  public WorkerBuilder prefetch(int jobs) {
    if (jobs < 0 || jobs > 1000) {
      throw new IllegalArgumentException("prefetch must be between 0 and 1000 (was " + jobs + ")");
    }
    this.prefetch = jobs;
    return this;
  }

  @Override
  public WorkerBuilder pollInterval(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.compareTo(Duration.ofMillis(1)) < 0
        || interval.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "pollInterval must be between 1 millisecond and 1 hour (was " + interval + ")");
    }
    this.pollInterval = interval;
    return this;
  }

  @Override
  public WorkerBuilder shutdownTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "shutdownTimeout must be between 0 and 1 hour (was " + timeout + ")");
    }
    this.shutdownTimeout = timeout;
    return this;
  }

  @Override
  public Worker start() {
    queue.checkOpen();
    return QueueWorker.start(this);
  }
}
