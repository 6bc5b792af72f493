package io.eventrelay.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the example as the README does, so that its first command cannot silently rot. */
class AuditLogExampleTest {
  private static final String EXPECTED =
      """
      All events
      offset  occurred at           name                   user   data
           1  2024-05-01T09:00:12Z  user.login             alice  {"ip":"10.0.0.7"}
           2  2024-05-01T09:03:40Z  user.login_failed      bob    {"ip":"203.0.113.9","attempts":1}
           3  2024-05-01T09:03:52Z  user.login_failed      bob    {"ip":"203.0.113.9","attempts":2}
           4  2024-05-01T09:04:05Z  user.login_failed      bob    {"ip":"203.0.113.9","attempts":3}
           5  2024-05-01T09:15:00Z  user.password_changed  alice  {"via":"settings"}
           6  2024-05-01T09:20:31Z  user.logout            alice  {"reason":"user"}
           7  2024-05-01T13:45:00Z  user.login             bob    {"ip":"10.0.0.12"}
           8  2024-05-01T14:10:27Z  user.logout            bob    {"reason":"timeout"}

      Filtered: name == 'user.password_changed' OR data.attempts >= 3
      offset  occurred at           name                   user   data
           4  2024-05-01T09:04:05Z  user.login_failed      bob    {"ip":"203.0.113.9","attempts":3}
           5  2024-05-01T09:15:00Z  user.password_changed  alice  {"via":"settings"}

      Since the last report
      offset  occurred at           name                   user   data
           7  2024-05-01T13:45:00Z  user.login             bob    {"ip":"10.0.0.12"}
           8  2024-05-01T14:10:27Z  user.logout            bob    {"reason":"timeout"}

      """;

  @TempDir Path dir;

  @Test
  void printsAllEventsTheFilteredOnesAndThoseSinceTheLastReport() throws Exception {
    assertEquals(EXPECTED, runMain(dir.resolve("audit.db")));
  }

  @Test
  void printsTheSameOnEveryRunOverTheSameFile() throws Exception {
    Path file = dir.resolve("audit.db");

    runMain(file);

    assertEquals(EXPECTED, runMain(file));
  }

  @Test
  void createsTheFileAndItsMissingDirectories() throws Exception {
    Path file = dir.resolve("nested").resolve("audit.db");

    runMain(file);

    assertTrue(Files.size(file) > 0, "no database was written");
  }

  private static String runMain(Path file) throws Exception {
    return MainOutput.of(AuditLogExample::main, file.toString());
  }
}
