package io.eventrelay.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the example as its Javadoc does, so that it cannot silently rot. */
class WorkerQueueExampleTest {
  private static final String EXPECTED =
      """
      Attempts
        alice@example.com     1  sent
        bob@example.com       1  sent
        carol@bounce.example  1  failed: 554 bounce.example refuses mail from us
        carol@bounce.example  2  failed: 554 bounce.example refuses mail from us
        carol@bounce.example  3  failed: 554 bounce.example refuses mail from us
        dave@example.com      1  sent
        erin@flaky.example    1  failed: 421 try again later
        erin@flaky.example    2  sent
        frank@example.com     1  sent
        grace@example.com     1  sent
        heidi@bounce.example  1  failed: 554 bounce.example refuses mail from us
        heidi@bounce.example  2  failed: 554 bounce.example refuses mail from us
        heidi@bounce.example  3  failed: 554 bounce.example refuses mail from us
        ivan@flaky.example    1  failed: 421 try again later
        ivan@flaky.example    2  sent
        judy@example.com      1  sent
      Queue: 0 pending, 0 in flight, 2 dead letters

      Dead letters in mailer_dead
        carol@bounce.example  offset 3, 3 attempts, last error: java.lang.IllegalStateException: 554 bounce.example refuses mail from us
        heidi@bounce.example  offset 8, 3 attempts, last error: java.lang.IllegalStateException: 554 bounce.example refuses mail from us

      Fixed bounce.example; redrove 2 dead letters
      Attempts
        carol@bounce.example  1  sent
        heidi@bounce.example  1  sent
      Queue: 0 pending, 0 in flight, 0 dead letters

      """;

  @TempDir Path dir;

  @Test
  void printsRetriesThenDeadLettersThenTheirRedrive() throws Exception {
    assertEquals(EXPECTED, runMain(dir.resolve("worker-queue.db")));
  }

  @Test
  void printsTheSameOnEveryRunOverTheSameFile() throws Exception {
    Path file = dir.resolve("worker-queue.db");

    runMain(file);

    assertEquals(EXPECTED, runMain(file));
  }

  private static String runMain(Path file) throws Exception {
    return MainOutput.of(WorkerQueueExample::main, file.toString());
  }
}
