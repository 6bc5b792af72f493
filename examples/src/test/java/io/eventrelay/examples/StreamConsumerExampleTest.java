package io.eventrelay.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

  private static String runMain(Path file) throws Exception {
    return MainOutput.of(StreamConsumerExample::main, file.toString());
  }
}
