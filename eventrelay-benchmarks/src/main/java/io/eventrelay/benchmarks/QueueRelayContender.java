package io.eventrelay.benchmarks;

import io.eventrelay.EventRelay;
import io.eventrelay.JobQueue;
import io.eventrelay.QueueStats;
import io.eventrelay.Topic;
import io.eventrelay.Worker;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * EventRelay's side of the queue comparison, through the public API only: a fresh topic with a
 * queue (default {@link io.eventrelay.QueueOptions}) for every run; {@code publishAll} of {@link
 * QueueSettings#ENQUEUE_BATCH} events per call enqueues; a {@link Worker} with {@code threads(n)}
 * and a handler that only counts drains. The drain's time ends when {@link Worker#close()} returns
 * after the last handler call, that is once every job's ack has committed.
 */
final class QueueRelayContender implements QueueContender {
  /**
   * The relay's tables that hold one row per job, emptied by deleting the previous run's topic and
   * then truncated, like the baselines' tables, so that every run starts as on a fresh install.
   */
  private static final String[] JOB_TABLES = {"eventrelay_events", "eventrelay_deliveries"};

  /** The relay's small tables that a run churns, vacuumed before the next one (PostgreSQL). */
  private static final String[] SMALL_TABLES = {"eventrelay_queues", "eventrelay_topics"};

  /** Jobs in the over-lease check. */
  private static final int OVERLEASE_JOBS = 500;

  /** A drain fails when no job ran for this long. */
  private static final int STALL_SECONDS = 30;

  private final Database db;
  private final Connection admin;
  private final QueueMeter meter;
  private final EventRelay relay;
  private final RelayScenarios topics;
  private Topic topic;
  private JobQueue queue;
  private long handled;
  private long lastDrainNanos;

  QueueRelayContender(Database db, Connection admin) {
    this.db = db;
    this.admin = admin;
    this.meter = new QueueMeter(db.storage());
    this.relay = EventRelay.builder().storage(meter.storage()).build();
    this.topics = new RelayScenarios(relay);
  }

  @Override
  public String label() {
    return "relay";
  }

  @Override
  public void prepare() throws Exception {
    topic = topics.freshTopic(); // deletes the previous run's topic, its queue and deliveries
    queue = relay.queue(topic.name(), "jobs");
    if (db.name().equals("postgres")) {
      try (Statement s = admin.createStatement()) {
        s.execute("TRUNCATE " + String.join(", ", JOB_TABLES));
      }
    }
    db.settle(admin, SMALL_TABLES);
  }

  /**
   * Checks whether one claim of 2 jobs leases only 2 on PostgreSQL when the deliveries table was
   * vacuumed while empty, as autovacuum leaves it once a queue has drained (its statistics then say
   * 0 rows), and {@value #OVERLEASE_JOBS} events then arrive at once.
   *
   * @return how many jobs {@code claim(2)} returned
   */
  int overleaseCheck() throws Exception {
    prepare();
    try (Statement s = admin.createStatement()) {
      s.execute("VACUUM ANALYZE eventrelay_deliveries");
    }
    RelayScenarios.publishAll(topic, Workload.of(OVERLEASE_JOBS), OVERLEASE_JOBS);
    int claimed = queue.claim(2).size();
    queue.delete();
    return claimed;
  }

  @Override
  public long enqueue(Workload w) throws Exception {
    return TimedRun.time(() -> RelayScenarios.publishAll(topic, w, QueueSettings.ENQUEUE_BATCH));
  }

  @Override
  public long drain(int threads, int jobs) throws Exception {
    meter.reset();
    CountDownLatch done = new CountDownLatch(jobs);
    long start = System.nanoTime();
    Worker worker = queue.worker(job -> done.countDown()).threads(threads).start();
    try {
      long left = done.getCount();
      while (!done.await(STALL_SECONDS, TimeUnit.SECONDS)) {
        if (done.getCount() == left) {
          throw new IllegalStateException(
              String.format(
                  Locale.ROOT,
                  "the relay's worker stalled: no job ran in %d s, %,d of %,d done; worker"
                      + " running: %s; queue: %s",
                  STALL_SECONDS,
                  jobs - left,
                  jobs,
                  worker.isRunning(),
                  queue.stats()));
        }
        left = done.getCount();
      }
    } finally {
      worker.close(); // waits for the running handlers, and so for their acks
    }
    lastDrainNanos = System.nanoTime() - start;
    handled = jobs - done.getCount();
    return lastDrainNanos;
  }

  @Override
  public String verify() {
    QueueStats stats = queue.stats();
    if (stats.pending() != 0 || stats.inFlight() != 0 || stats.deadLetters() != 0) {
      throw new IllegalStateException("the relay's queue is not empty after the drain: " + stats);
    }
    return "handled " + handled + "; " + meter.describe(lastDrainNanos);
  }

  @Override
  public void close() {
    relay.close();
  }
}
