package io.eventrelay.internal.queues;

import io.eventrelay.JobHandler;
import io.eventrelay.Worker;
import io.eventrelay.internal.Checks;
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
    this.threads = Checks.between("threads", threads, 1, 1000);
    return this;
  }

  @Override
  public WorkerBuilder prefetch(int jobs) {
    this.prefetch = Checks.between("prefetch", jobs, 0, 1000);
    return this;
  }

  @Override
  public WorkerBuilder pollInterval(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    this.pollInterval =
        Checks.between(
            "pollInterval",
            interval,
            Duration.ofMillis(1),
            Duration.ofHours(1),
            "1 millisecond and 1 hour");
    return this;
  }

  @Override
  public WorkerBuilder shutdownTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    this.shutdownTimeout =
        Checks.between(
            "shutdownTimeout", timeout, Duration.ZERO, Duration.ofHours(1), "0 and 1 hour");
    return this;
  }

  @Override
  public Worker start() {
    queue.checkOpen();
    return QueueWorker.start(this);
  }
}
