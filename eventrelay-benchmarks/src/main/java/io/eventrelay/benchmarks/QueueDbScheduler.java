package io.eventrelay.benchmarks;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The db-scheduler baseline (PostgreSQL only): one-time tasks whose data is the job's JSON payload,
 * scheduled due now with {@code scheduleBatch} in batches of {@link QueueSettings#ENQUEUE_BATCH},
 * then executed by a scheduler with {@code threads(n)} and lock-and-fetch polling ({@code UPDATE …
 * FOR UPDATE SKIP LOCKED … RETURNING}) and a handler that only counts. A one-time task's row is
 * deleted when it completes; the drain's time ends when the scheduler reports the last completion,
 * which it does after that delete.
 *
 * <p>Its table is db-scheduler's own PostgreSQL DDL, in the benchmark's schema. The DDL is not in
 * db-scheduler's jar; it comes from its repository ({@code
 * db-scheduler/src/test/resources/postgresql_tables.sql}), without the later migrations that 16.x
 * does not use. The scheduler has its own HikariCP pool of {@link #POOL_SIZE} connections, the
 * relay's default pool size.
 */
final class QueueDbScheduler implements QueueContender {
  static final String TABLE = "scheduled_tasks";

  /**
   * Lock-and-fetch takes up to this many executions per thread in one poll: 50, so 100 for 2
   * threads as the raw loop's lease. Of 1, 4, 20 and 50 (10,000 jobs, PostgreSQL, this machine) it
   * drained fastest: 1,677 / 3,171 / 4,768 / 5,492 jobs/s with 2 threads.
   */
  static final double FETCH_PER_THREAD = 50.0;

  private static final int POOL_SIZE = 10;
  private static final String[] DDL = {
    "CREATE TABLE scheduled_tasks (task_name TEXT NOT NULL, task_instance TEXT NOT NULL,"
        + " task_data BYTEA, execution_time TIMESTAMP WITH TIME ZONE NOT NULL,"
        + " picked BOOLEAN NOT NULL, picked_by TEXT, last_success TIMESTAMP WITH TIME ZONE,"
        + " last_failure TIMESTAMP WITH TIME ZONE, consecutive_failures INT,"
        + " last_heartbeat TIMESTAMP WITH TIME ZONE, version BIGINT NOT NULL, priority SMALLINT,"
        + " PRIMARY KEY (task_name, task_instance))",
    "CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)",
    "CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)",
    "CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)"
  };

  private final Database db;
  private final Connection admin;
  private final HikariDataSource pool;
  private final LongAdder executed = new LongAdder();
  private final OneTimeTask<String> task;
  private volatile CountDownLatch completed = new CountDownLatch(0);
  private final LongAdder failed = new LongAdder();
  private int expected;

  QueueDbScheduler(Database db, Connection admin) throws SQLException {
    this.db = db;
    this.admin = admin;
    try (Statement s = admin.createStatement()) {
      for (String sql : DDL) {
        s.execute(sql);
      }
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("db-scheduler");
    config.setJdbcUrl(admin.getMetaData().getURL()); // the benchmark schema's URL
    config.setMaximumPoolSize(POOL_SIZE);
    this.pool = new HikariDataSource(config);
    this.task =
        Tasks.oneTime("bench-job", String.class)
            .execute(
                (instance, context) -> {
                  if (instance.getData() != null) {
                    executed.increment();
                  }
                });
  }

  @Override
  public String label() {
    return "db-scheduler";
  }

  @Override
  public void prepare() throws Exception {
    try (Statement s = admin.createStatement()) {
      s.execute("TRUNCATE " + TABLE);
    }
    db.settle(admin);
  }

  @Override
  public long enqueue(Workload w) throws Exception {
    SchedulerClient client = SchedulerClient.Builder.create(pool, task).build();
    return TimedRun.time(
        () -> {
          Instant due = Instant.now();
          for (int from = 0; from < w.size(); from += QueueSettings.ENQUEUE_BATCH) {
            int to = Math.min(w.size(), from + QueueSettings.ENQUEUE_BATCH);
            List<TaskInstance<?>> batch = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
              batch.add(task.instance("job-" + i, w.data(i)));
            }
            client.scheduleBatch(batch, due);
          }
        });
  }

  @Override
  public long drain(int threads, int jobs) throws Exception {
    executed.reset();
    failed.reset();
    expected = jobs;
    completed = new CountDownLatch(jobs);
    Scheduler scheduler =
        Scheduler.create(pool, task)
            .threads(threads)
            .pollUsingLockAndFetch(0.5, FETCH_PER_THREAD)
            .pollingInterval(Duration.ofSeconds(1))
            .addSchedulerListener(
                new AbstractSchedulerListener() {
                  @Override
                  public void onExecutionComplete(ExecutionComplete complete) {
                    if (complete.getResult() != ExecutionComplete.Result.OK) {
                      failed.increment();
                    }
                    completed.countDown();
                  }
                })
            .build();
    long start = System.nanoTime();
    scheduler.start();
    try {
      if (!completed.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException(
            "db-scheduler completed " + (jobs - completed.getCount()) + " of " + jobs + " jobs");
      }
      return System.nanoTime() - start;
    } finally {
      scheduler.stop();
    }
  }

  @Override
  public String verify() throws SQLException {
    long left = QueueDrainBenchmark.rows(admin, TABLE);
    if (left != 0 || executed.sum() != expected || failed.sum() != 0) {
      throw new IllegalStateException(
          "db-scheduler executed "
              + executed.sum()
              + " of "
              + expected
              + " jobs ("
              + failed.sum()
              + " failed); "
              + left
              + " left");
    }
    return "executed "
        + executed.sum()
        + "; lock-and-fetch of up to "
        + FETCH_PER_THREAD
        + " x threads per poll";
  }

  @Override
  public void close() {
    pool.close();
  }
}
