package io.eventrelay.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite claim relaxes its connection's {@code synchronous} and restores it after. When the
 * restore fails, the claim's outcome stands and the relaxed connection never serves again, so later
 * commits on the pool still sync as configured.
 */
class ClaimRestoreTest {
  private static final String RESTORE = "PRAGMA synchronous = 2";

  @TempDir Path dir;

  private final AtomicBoolean failRestore = new AtomicBoolean(true);
  private final AtomicInteger opened = new AtomicInteger();

  @Test
  void aConnectionWhoseSyncModeCannotBeRestoredIsDroppedAndTheClaimStands() throws SQLException {
    String url = "jdbc:sqlite:" + dir.resolve("claims.db") + "?journal_mode=WAL&synchronous=FULL";
    HikariConfig config = new HikariConfig();
    config.setPoolName("claim-restore-test");
    config.setDataSource(dataSource(url));
    config.setMaximumPoolSize(1); // so that the next transaction would get the claim's connection
    HikariDataSource pool = new HikariDataSource(config);
    try (PooledConnections connections = new PooledConnections(Dialect.SQLITE, pool, pool, true)) {
      connections.inTransaction("creating", c -> execute(c, "CREATE TABLE jobs (id INTEGER)"));

      int claimed =
          connections.inClaim(
              "claiming",
              c -> {
                assertEquals(1, syncMode(c), "relaxed to NORMAL during the claim");
                execute(c, "INSERT INTO jobs VALUES (1)");
                return 1;
              });

      assertEquals(1, claimed, "the claim's result, although its connection was not restored");
      assertEquals(1, count(connections), "the claim committed");
      assertEquals(2, connections.withConnection("checking", ClaimRestoreTest::syncMode), "FULL");
      assertEquals(2, opened.get(), "the relaxed connection was replaced by a new one");
    }
  }

  private static boolean execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.execute(sql);
    }
  }

  private static int syncMode(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int count(Connections connections) {
    return connections.withConnection(
        "counting",
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT count(*) FROM jobs")) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }

  /** SQLite connections whose first restore of {@code synchronous} after a claim fails. */
  private DataSource dataSource(String url) {
    return proxy(
        DataSource.class,
        (method, args) -> {
          if (method.getName().equals("getConnection")) {
            opened.incrementAndGet();
            Connection real = DriverManager.getConnection(url);
            return proxy(Connection.class, (m, a) -> connection(real, m, a));
          }
          // The pool asks for the login timeout (and waits that long for its threads at close).
          return method.getName().equals("getLoginTimeout") ? 5 : null;
        });
  }

  private Object connection(Connection real, Method method, Object[] args) throws Throwable {
    Object result = invoke(real, method, args);
    if (method.getName().equals("createStatement") && args == null) {
      Statement statement = (Statement) result;
      return proxy(
          Statement.class,
          (m, a) -> {
            if (m.getName().equals("execute")
                && RESTORE.equals(a[0])
                && failRestore.getAndSet(false)) {
              throw new SQLException("injected: the restore failed");
            }
            return invoke(statement, m, a);
          });
    }
    return result;
  }

  private interface Handler {
    Object handle(Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, Handler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> handler.handle(method, args)));
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
