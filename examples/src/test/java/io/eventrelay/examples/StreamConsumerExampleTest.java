package io.eventrelay.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the example as its Javadoc does, so that it cannot silently rot. */
class StreamConsumerExampleTest {
  private static final String EXPECTED =
      """
      First consumer: cursor 0, 3 events
      offset  name          user   data
           1  order.placed  alice  {"id":"A-1001","cents":2500}
           2  order.placed  bob    {"id":"A-1002","cents":1200}
           4  order.placed  carol  {"id":"A-1003","cents":4999}
      committed 4

      Second consumer, while the first holds the lease: cursor 4, 0 events
      committed 4

      Second consumer, after the first closed: cursor 4, 2 events
      offset  name          user   data
           5  order.placed  dave   {"id":"A-1004","cents":800}
           7  order.placed  erin   {"id":"A-1005","cents":3100}
      committed 7

      Second consumer, after seek(2): cursor 1, 4 events
      offset  name          user   data
           2  order.placed  bob    {"id":"A-1002","cents":1200}
           4  order.placed  carol  {"id":"A-1003","cents":4999}
           5  order.placed  dave   {"id":"A-1004","cents":800}
           7  order.placed  erin   {"id":"A-1005","cents":3100}
      committed 7

      """;

  @TempDir Path dir;

  @Test
  void printsOneActiveConsumerItsTakeoverAfterTheCursorAndAReplay() throws Exception {
    assertEquals(EXPECTED, runMain(dir.resolve("stream-consumer.db")));
  }

  @Test
  void printsTheSameOnEveryRunOverTheSameFile() throws Exception {
    Path file = dir.resolve("stream-consumer.db");

    runMain(file);

    assertEquals(EXPECTED, runMain(file));
  }

  /** Runs main() on {@code file} and returns what it printed, with {@code \n} line ends. */
  private static String runMain(Path file) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      StreamConsumerExample.main(new String[] {file.toString()});
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }
}
