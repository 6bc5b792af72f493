package io.eventrelay.jdbc.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The versioned schema of an add-on module (its own tables), applied and recorded with the relay's
 * own migrations: register it with {@link
 * io.eventrelay.jdbc.JdbcStorageBuilder#migrations(JdbcMigrations)}.
 *
 * <p>The scripts live on the classpath in one folder per database, laid out as the relay's own:
 * {@code <folder>/postgres/} and {@code <folder>/sqlite/}, each holding {@code index.txt}, which
 * lists the scripts in order, one a line, named {@code V<n>__<what>.sql} and numbered 1, 2, 3…
 * Lines of a script that start with {@code --} are comments. A released script never changes: a
 * later release adds the next one.
 *
 * <p>When a relay starts with migrations on, it applies the module's scripts that the database has
 * not recorded yet, after the relay's own and in the same transaction under the same lock (so
 * storages starting at once apply each script once), and records each in the table {@code
 * eventrelay_module_versions} (module, version, description, installed_at). It refuses to start
 * when the database records a later version of the module than it ships (a later build of the
 * add-on migrated it). With migrations off, it checks that the module is at its latest version.
 *
 * <p>Immutable and thread-safe.
 */
public final class JdbcMigrations {
  private static final Pattern MODULE = Pattern.compile("[a-z][a-z0-9_]*");
  private static final int MAX_MODULE_LENGTH = 50;

  private final String module;
  private final ClassLoader classLoader;
  private final String folder;

  private JdbcMigrations(String module, ClassLoader classLoader, String folder) {
    this.module = module;
    this.classLoader = classLoader;
    this.folder = folder;
  }

  /**
   * The migrations of {@code module}, read from {@code folder} through the class loader of {@code
   * owner}.
   *
   * @param module the module's name, which its recorded versions are kept under: lower-case
   *     letters, digits and underscores, starting with a letter, at most 50 characters ({@code
   *     "webhooks"})
   * @param owner a class of the add-on, whose class loader finds the scripts
   * @param folder the classpath folder holding the per-database folders, without a leading slash
   *     ({@code "io/eventrelay/webhooks/migrations"})
   * @throws IllegalArgumentException if {@code module} or {@code folder} breaks those rules
   */
  public static JdbcMigrations of(String module, Class<?> owner, String folder) {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(folder, "folder");
    if (!MODULE.matcher(module).matches() || module.length() > MAX_MODULE_LENGTH) {
      throw new IllegalArgumentException(
          "module must be lower-case letters, digits and underscores, starting with a letter, at"
              + " most "
              + MAX_MODULE_LENGTH
              + " characters (was '"
              + module
              + "')");
    }
    if (folder.isBlank() || folder.startsWith("/")) {
      throw new IllegalArgumentException(
          "folder must be a classpath folder without a leading slash (was '" + folder + "')");
    }
    String normalized = folder.endsWith("/") ? folder : folder + "/";
    ClassLoader loader = owner.getClassLoader();
    return new JdbcMigrations(
        module, loader == null ? ClassLoader.getSystemClassLoader() : loader, normalized);
  }

  /** The module's name. */
  public String module() {
    return module;
  }

  /** The class loader that finds the scripts. */
  public ClassLoader classLoader() {
    return classLoader;
  }

  /** The classpath folder holding the per-database folders, ending with {@code /}. */
  public String folder() {
    return folder;
  }

  @Override
  public String toString() {
    return "JdbcMigrations[" + module + " in " + folder + "]";
  }
}
