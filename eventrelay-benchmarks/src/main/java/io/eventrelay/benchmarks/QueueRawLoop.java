package io.eventrelay.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The raw baseline: the job queue an application would write by hand with plain JDBC, as fast as it
 * honestly goes. A table {@code (id, payload, locked_until)}; enqueue is a JDBC batch insert of
 * {@link QueueSettings#ENQUEUE_BATCH} rows per transaction; each worker thread has its own
 * connection and prepared statements and loops: one transaction leases up to {@link
 * QueueSettings#RAW_LEASE} jobs, oldest first, and returns their payloads; the handler runs on
 * each; a second transaction deletes them all in one statement (the ack). A thread stops when a
 * lease finds nothing.
 *
 * <p>PostgreSQL leases with {@code UPDATE … WHERE id = ANY(ARRAY(SELECT … LIMIT n FOR UPDATE SKIP
 * LOCKED)) RETURNING} and acks with {@code DELETE … WHERE id = ANY(?)}. {@code ARRAY(…)} runs the
 * pick once; the plainer {@code WHERE id IN (SELECT … LIMIT n …)} can be planned as a semi-join
 * that re-runs the limited subquery for every row, and then leases far more than n rows (see the
 * relay's over-lease check in {@link QueueDrainBenchmark}). SQLite has no {@code SKIP LOCKED}: each
 * transaction is {@code BEGIN IMMEDIATE}, with the threads taking turns on an in-process lock
 * rather than sleeping in SQLite's busy handler, and acks with {@code DELETE … WHERE id IN (SELECT
 * value FROM json_each(?))}. Lease times are microseconds, as in the relay's tables.
 */
final class QueueRawLoop implements QueueContender {
  static final String TABLE = "bench_queue_jobs";
  private static final long LEASE_MICROS = 30_000_000L;

  private final Database db;
  private final Connection admin;
  private final boolean postgres;
  private final String lease;
  private final String ack;
  private final ReentrantLock sqliteWriter = new ReentrantLock();
  private final LongAdder handled = new LongAdder();
  private final LongAdder leases = new LongAdder();
  private int expected;

  QueueRawLoop(Database db, Connection admin) throws SQLException {
    this.db = db;
    this.admin = admin;
    this.postgres = db.name().equals("postgres");
    String pick =
        "SELECT id FROM "
            + TABLE
            + " WHERE locked_until IS NULL OR locked_until < ? ORDER BY id LIMIT ?"
            + (postgres ? " FOR UPDATE SKIP LOCKED" : "");
    this.lease =
        "UPDATE "
            + TABLE
            + " SET locked_until = ? WHERE "
            + (postgres ? "id = ANY(ARRAY(" + pick + "))" : "id IN (" + pick + ")")
            + " RETURNING id, payload";
    this.ack =
        "DELETE FROM "
            + TABLE
            + (postgres ? " WHERE id = ANY(?)" : " WHERE id IN (SELECT value FROM json_each(?))");
    try (Statement s = admin.createStatement()) {
      s.execute(
          postgres
              ? "CREATE TABLE "
                  + TABLE
                  + " (id BIGSERIAL PRIMARY KEY, payload JSONB NOT NULL,"
                  + " locked_until BIGINT)"
              : "CREATE TABLE "
                  + TABLE
                  + " (id INTEGER PRIMARY KEY, payload TEXT NOT NULL,"
                  + " locked_until INTEGER)");
    }
  }

  @Override
  public String label() {
    return "raw";
  }

  @Override
  public void prepare() throws Exception {
    try (Statement s = admin.createStatement()) {
      s.execute(postgres ? "TRUNCATE " + TABLE + " RESTART IDENTITY" : "DELETE FROM " + TABLE);
    }
    db.settle(admin);
  }

  @Override
  public long enqueue(Workload w) throws Exception {
    String insert = "INSERT INTO " + TABLE + " (payload) VALUES (" + db.jsonParameter() + ")";
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(insert)) {
      return TimedRun.time(
          () -> {
            for (int from = 0; from < w.size(); from += QueueSettings.ENQUEUE_BATCH) {
              int to = Math.min(w.size(), from + QueueSettings.ENQUEUE_BATCH);
              begin(c);
              for (int i = from; i < to; i++) {
                ps.setString(1, w.data(i));
                ps.addBatch();
              }
              ps.executeBatch();
              commit(c);
            }
          });
    }
  }

  @Override
  public long drain(int threads, int jobs) throws Exception {
    handled.reset();
    leases.reset();
    expected = jobs;
    List<Connection> connections = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try {
      for (int t = 0; t < threads; t++) {
        Connection c = db.connect();
        connections.add(c);
        PreparedStatement leaseStatement = c.prepareStatement(lease);
        PreparedStatement ackStatement = c.prepareStatement(ack);
        Thread worker =
            new Thread(
                () -> {
                  try {
                    go.await();
                    work(c, leaseStatement, ackStatement);
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                  }
                },
                "bench-raw-worker-" + t);
        workers.add(worker);
        worker.start();
      }
      long start = System.nanoTime();
      go.countDown();
      for (Thread worker : workers) {
        worker.join(TimeUnit.MINUTES.toMillis(10));
      }
      long elapsed = System.nanoTime() - start;
      if (failure.get() != null) {
        throw new IllegalStateException("a raw worker failed", failure.get());
      }
      return elapsed;
    } finally {
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  /** One worker thread's loop: lease, handle, ack, until a lease finds nothing. */
  private void work(Connection c, PreparedStatement leaseStatement, PreparedStatement ackStatement)
      throws SQLException {
    if (postgres) {
      c.setAutoCommit(false);
    }
    long[] ids = new long[QueueSettings.RAW_LEASE];
    while (true) {
      int n = 0;
      long now = System.currentTimeMillis() * 1000;
      begin(c);
      leaseStatement.setLong(1, now + LEASE_MICROS);
      leaseStatement.setLong(2, now);
      leaseStatement.setInt(3, QueueSettings.RAW_LEASE);
      try (ResultSet rs = leaseStatement.executeQuery()) {
        while (rs.next()) {
          if (n == ids.length) {
            throw new IllegalStateException("a lease of " + ids.length + " returned more rows");
          }
          ids[n++] = rs.getLong(1);
          handle(rs.getString(2));
        }
      }
      commit(c);
      if (n == 0) {
        return;
      }
      leases.increment();
      begin(c);
      if (postgres) {
        Long[] boxed = new Long[n];
        for (int i = 0; i < n; i++) {
          boxed[i] = ids[i];
        }
        ackStatement.setArray(1, c.createArrayOf("bigint", boxed));
      } else {
        StringBuilder json = new StringBuilder(n * 8).append('[');
        for (int i = 0; i < n; i++) {
          json.append(i == 0 ? "" : ",").append(ids[i]);
        }
        ackStatement.setString(1, json.append(']').toString());
      }
      int deleted = ackStatement.executeUpdate();
      commit(c);
      if (deleted != n) {
        throw new IllegalStateException("acked " + deleted + " of " + n + " leased jobs");
      }
    }
  }

  /** The no-op handler: counts the job. */
  private void handle(String payload) {
    if (payload != null) {
      handled.increment();
    }
  }

  private void begin(Connection c) throws SQLException {
    if (!postgres) {
      sqliteWriter.lock();
      try (Statement s = c.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
      } catch (SQLException | RuntimeException e) {
        sqliteWriter.unlock();
        throw e;
      }
    } else if (c.getAutoCommit()) {
      c.setAutoCommit(false);
    }
  }

  private void commit(Connection c) throws SQLException {
    if (postgres) {
      c.commit();
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute("COMMIT");
    } finally {
      sqliteWriter.unlock();
    }
  }

  @Override
  public String verify() throws SQLException {
    long left = QueueDrainBenchmark.rows(admin, TABLE);
    if (left != 0 || handled.sum() != expected) {
      throw new IllegalStateException(
          "the raw loop handled " + handled.sum() + " of " + expected + " jobs; " + left + " left");
    }
    return "handled " + handled.sum() + " in " + leases.sum() + " leases";
  }

  @Override
  public void close() {
    // The connections are per run; the table goes with the database.
  }
}
