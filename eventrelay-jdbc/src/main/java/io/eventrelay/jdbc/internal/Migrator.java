package io.eventrelay.jdbc.internal;

import io.eventrelay.StorageException;
import io.eventrelay.jdbc.spi.JdbcMigrations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned SQL scripts shipped in this jar ({@code V<n>__<what>.sql}, listed in order
 * in the dialect folder's {@code index.txt}) and records each in {@code eventrelay_schema_version};
 * then those of the add-on modules registered on the storage ({@link JdbcMigrations}), recorded in
 * {@code eventrelay_module_versions} with the module's name. Runs in one transaction under the
 * dialect's migration lock, so that relays starting at once apply each script exactly once.
 */
public final class Migrator {
  private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
  private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
  private static final String VERSION_TABLE =
      "CREATE TABLE IF NOT EXISTS eventrelay_schema_version ("
          + " version INTEGER PRIMARY KEY,"
          + " description TEXT NOT NULL,"
          + " installed_at BIGINT NOT NULL)";
  private static final String MODULE_TABLE =
      "CREATE TABLE IF NOT EXISTS eventrelay_module_versions ("
          + " module TEXT NOT NULL,"
          + " version INTEGER NOT NULL,"
          + " description TEXT NOT NULL,"
          + " installed_at BIGINT NOT NULL,"
          + " PRIMARY KEY (module, version))";

  private final Dialect dialect;
  private final List<Script> scripts;
  private final List<Module> modules;

  /**
   * Reads the dialect's scripts, and those of {@code modules}, from the classpath.
   *
   * @param modules with distinct names
   * @throws IllegalArgumentException if a module's scripts for this dialect are missing, misnamed
   *     or out of sequence (the message names the module)
   */
  public Migrator(Dialect dialect, List<JdbcMigrations> modules) {
    this.dialect = dialect;
    this.scripts =
        load(
            Migrator.class.getClassLoader(),
            dialect.migrationsFolder(),
            IllegalStateException::new);
    List<Module> loaded = new ArrayList<>();
    for (JdbcMigrations m : modules) {
      String folder = m.folder() + dialectFolder(dialect);
      List<Script> moduleScripts =
          load(
              m.classLoader(),
              folder,
              problem ->
                  new IllegalArgumentException(
                      "migrations of module '" + m.module() + "': " + problem));
      if (moduleScripts.isEmpty()) {
        throw new IllegalArgumentException(
            "migrations of module '" + m.module() + "': " + folder + "index.txt lists no script");
      }
      loaded.add(new Module(m.module(), folder, moduleScripts));
    }
    this.modules = List.copyOf(loaded);
  }

  /** The schema version this library needs. */
  public int latestVersion() {
    return latest(scripts);
  }

  /**
   * Brings the schema up to {@link #latestVersion()}, then each module's up to its latest script.
   *
   * @param announce whether to log applied scripts at INFO (at DEBUG otherwise, as for the
   *     throwaway in-memory databases of tests)
   * @throws StorageException if the schema, or a module's, is newer than this build knows (a later
   *     EventRelay or add-on migrated it), changing nothing
   */
  public void migrate(Connections connections, Clock clock, boolean announce) {
    connections.inTransaction(
        "migrating the EventRelay schema",
        c -> {
          dialect.lockForMigration(c);
          try (Statement s = c.createStatement()) {
            s.execute(VERSION_TABLE);
            s.execute(MODULE_TABLE);
          }
          int current = currentVersion(c);
          refuseNewer(current);
          Map<String, Integer> recorded = moduleVersions(c);
          for (Module module : modules) {
            module.refuseNewer(recorded.getOrDefault(module.name, 0));
          }
          for (Script script : scripts) {
            if (script.version > current) {
              apply(c, null, script, clock, announce);
            }
          }
          for (Module module : modules) {
            for (Script script : module.scripts) {
              if (script.version > recorded.getOrDefault(module.name, 0)) {
                apply(c, module.name, script, clock, announce);
              }
            }
          }
          return null;
        });
  }

  /**
   * Checks, without changing anything, that the schema is at {@link #latestVersion()} and each
   * module's at its latest script.
   *
   * @throws StorageException saying which version was found and how to fix it: migrate an older
   *     schema, upgrade EventRelay or the add-on for a newer one
   */
  public void verify(Connections connections) {
    int current =
        connections.withConnection(
            "checking the EventRelay schema version",
            c -> tableExists(c, "eventrelay_schema_version") ? currentVersion(c) : 0);
    refuseNewer(current);
    if (current != latestVersion()) {
      throw new StorageException(
          "the EventRelay schema is at version "
              + current
              + " but this library needs version "
              + latestVersion()
              + "; start once with migrations on (JdbcStorageBuilder.migrate(true)),"
              + " or apply the scripts in "
              + dialect.migrationsFolder());
    }
    if (modules.isEmpty()) {
      return;
    }
    Map<String, Integer> recorded =
        connections.withConnection(
            "checking the schema versions of add-on modules",
            c -> tableExists(c, "eventrelay_module_versions") ? moduleVersions(c) : Map.of());
    for (Module module : modules) {
      module.verify(recorded.getOrDefault(module.name, 0));
    }
  }

  /**
   * A schema that a later EventRelay migrated may hold data this library would misread or damage,
   * and its scripts are not ours to run again.
   */
  private void refuseNewer(int current) {
    if (current > latestVersion()) {
      throw new StorageException(
          "the database schema is at version "
              + current
              + " but this EventRelay supports up to "
              + latestVersion()
              + "; upgrade EventRelay");
    }
  }

  private static boolean tableExists(Connection c, String table) throws SQLException {
    try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), table, null)) {
      return rs.next();
    }
  }

  private static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(version) FROM eventrelay_schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Each module's highest recorded version, registered here or not. */
  private static Map<String, Integer> moduleVersions(Connection c) throws SQLException {
    Map<String, Integer> out = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT module, MAX(version) FROM eventrelay_module_versions GROUP BY module")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getInt(2));
      }
    }
    return out;
  }

  /** Runs {@code script} and records it: a core script when {@code module} is null. */
  private void apply(Connection c, String module, Script script, Clock clock, boolean announce)
      throws SQLException {
    String what = module == null ? "EventRelay" : "module '" + module + "'";
    if (announce) {
      LOG.info("applying {} migration V{} ({}) on {}", what, script.version, script.name, dialect);
    } else {
      LOG.debug("applying {} migration V{} ({}) on {}", what, script.version, script.name, dialect);
    }
    try (Statement s = c.createStatement()) {
      for (String sql : dialect.statements(script.sql)) {
        s.execute(sql);
      }
    }
    String insert =
        module == null
            ? "INSERT INTO eventrelay_schema_version (version, description, installed_at)"
                + " VALUES (?, ?, ?)"
            : "INSERT INTO eventrelay_module_versions"
                + " (version, description, installed_at, module) VALUES (?, ?, ?, ?)";
    try (PreparedStatement ps = c.prepareStatement(insert)) {
      ps.setInt(1, script.version);
      ps.setString(2, script.name);
      ps.setLong(3, Micros.of(clock.instant()));
      if (module != null) {
        ps.setString(4, module);
      }
      ps.executeUpdate();
    }
  }

  /**
   * The last segment of the dialect's own folder ({@code sqlite}), which modules' folders share.
   */
  private static String dialectFolder(Dialect dialect) {
    String own = dialect.migrationsFolder();
    String trimmed = own.substring(0, own.length() - 1);
    return trimmed.substring(trimmed.lastIndexOf('/') + 1) + "/";
  }

  private static int latest(List<Script> scripts) {
    return scripts.isEmpty() ? 0 : scripts.get(scripts.size() - 1).version;
  }

  /**
   * Reads {@code folder}'s {@code index.txt} and the scripts it lists, in order.
   *
   * @param problem makes the exception for a missing, misnamed or out-of-sequence script
   */
  private static List<Script> load(
      ClassLoader loader, String folder, Function<String, RuntimeException> problem) {
    List<Script> out = new ArrayList<>();
    for (String file : resource(loader, folder + "index.txt", problem).split("\\R")) {
      if (file.isBlank()) {
        continue;
      }
      Matcher m = NAME.matcher(file.strip());
      if (!m.matches()) {
        throw problem.apply(
            "bad migration name in "
                + folder
                + "index.txt: "
                + file
                + " (must be V<n>__<what>.sql)");
      }
      int version = Integer.parseInt(m.group(1));
      if (version != out.size() + 1) {
        throw problem.apply(
            "migration " + file + " is out of sequence (expected V" + (out.size() + 1) + ")");
      }
      String sql =
          resource(loader, folder + file.strip(), problem)
              .lines()
              .filter(line -> !line.strip().startsWith("--"))
              .collect(Collectors.joining("\n"));
      out.add(new Script(version, m.group(2), sql));
    }
    return out;
  }

  private static String resource(
      ClassLoader loader, String path, Function<String, RuntimeException> problem) {
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw problem.apply("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      RuntimeException failure = problem.apply("cannot read " + path + ": " + e);
      failure.initCause(e);
      throw failure;
    }
  }

  private record Script(int version, String name, String sql) {}

  /** A module's scripts for this dialect, and the checks of its recorded version. */
  private record Module(String name, String folder, List<Script> scripts) {

    /** A module that a later build of its add-on migrated: its data is not ours to touch. */
    void refuseNewer(int recorded) {
      if (recorded > latest(scripts)) {
        throw new StorageException(
            "the database schema of module '"
                + name
                + "' is at version "
                + recorded
                + " but this build ships up to version "
                + latest(scripts)
                + "; upgrade the add-on that provides it");
      }
    }

    void verify(int recorded) {
      refuseNewer(recorded);
      if (recorded != latest(scripts)) {
        throw new StorageException(
            "the database schema of module '"
                + name
                + "' is at version "
                + recorded
                + " but this build needs version "
                + latest(scripts)
                + "; start once with migrations on (JdbcStorageBuilder.migrate(true)), or apply"
                + " the scripts in "
                + folder
                + " and record each in eventrelay_module_versions");
      }
    }
  }
}
