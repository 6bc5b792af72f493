package io.eventrelay.jdbc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Topic;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Durable when acknowledged: a publishing process killed with SIGKILL in the middle of its work
 * loses no event it acknowledged, leaves no half batch and no gap, and the next process carries on
 * from there. The child is {@link CrashingPublisher}.
 */
abstract class CrashContract extends StorageContract {
  static final int ACKS_BEFORE_KILL = 300;
  static final Duration ROUND_LIMIT = Duration.ofSeconds(60);
  private static final String EOF = "\u0000EOF";

  @Test
  void killedPublisherLosesNoAcknowledgedEventAndLeavesNoHalfBatch() throws Exception {
    Database db = newDatabase();
    Map<String, List<String>> acknowledged = new HashMap<>();
    for (int round = 1; round <= 2; round++) {
      acknowledged.putAll(publishUntilKilled(db, "r" + round));
      verify(db, acknowledged);
    }
  }

  /** Runs a child until it has acknowledged enough events, kills it, and returns its acks. */
  Map<String, List<String>> publishUntilKilled(Database db, String run) throws Exception {
    Path stderr = tempDir.resolve("child-" + run + ".err");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(testClassPath());
    command.add(CrashingPublisher.class.getName());
    command.addAll(db.toArgs());
    command.add(run);
    Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread pump = new Thread(() -> pump(child, lines), "child-stdout-" + run);
    pump.setDaemon(true);
    pump.start();
    Map<String, List<String>> acks = new LinkedHashMap<>();
    long deadline = System.nanoTime() + ROUND_LIMIT.toNanos();
    try {
      int events = 0;
      while (events < ACKS_BEFORE_KILL) {
        String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null || line.equals(EOF)) {
          fail(
              "the child acknowledged only "
                  + events
                  + " events "
                  + (line == null ? "in " + ROUND_LIMIT : "before it exited")
                  + "; its stderr:\n"
                  + Files.readString(stderr));
        }
        events += record(line, acks);
      }
      assertTrue(child.isAlive(), "the child must be killed while it is publishing");
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close, no flush
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed child did not exit");
    }
    // Lines already written before the kill are acknowledgements too.
    for (String line; !EOF.equals(line = lines.poll(30, TimeUnit.SECONDS)); ) {
      assertTrue(line != null, "the child's stdout did not close");
      record(line, acks);
    }
    return acks;
  }

  /** Checks every acknowledged call is stored whole, every batch whole or absent, offsets dense. */
  static void verify(Database db, Map<String, List<String>> acknowledged) {
    try (EventRelay relay = EventRelay.builder().storage(db.open()).build()) {
      Topic topic = relay.topic(CrashingPublisher.TOPIC);
      List<Event> all = readAll(topic);
      assertEquals(range(1, all.size()), offsets(all), "offsets are dense after the crash");
      Map<String, List<String>> stored = new LinkedHashMap<>();
      for (Event e : all) {
        String group = e.groupKey().orElseThrow();
        stored.computeIfAbsent(group, g -> new ArrayList<>()).add(e.id() + ":" + e.offset());
      }
      for (Map.Entry<String, List<String>> g : stored.entrySet()) {
        int expected = g.getKey().startsWith("batch-") ? CrashingPublisher.BATCH_SIZE : 1;
        assertEquals(expected, g.getValue().size(), "group " + g.getKey() + " is half stored");
        long first = Long.parseLong(g.getValue().get(0).split(":")[1]);
        for (int i = 0; i < g.getValue().size(); i++) {
          assertTrue(g.getValue().get(i).endsWith(":" + (first + i)), "batch " + g + " is split");
        }
      }
      for (Map.Entry<String, List<String>> ack : acknowledged.entrySet()) {
        assertEquals(
            ack.getValue(), stored.get(ack.getKey()), "acknowledged " + ack.getKey() + " is lost");
      }
      assertTrue(all.size() >= countEvents(acknowledged), "fewer events than acknowledged");
      Event after =
          event("after.crash", 0).toBuilder().groupKey("single-after-" + all.size()).build();
      assertEquals(all.size() + 1, topic.publish(after).offset(), "the next offset follows on");
    }
  }

  /** Parses one complete {@code ACK} line into {@code acks}; returns how many events it held. */
  static int record(String line, Map<String, List<String>> acks) {
    if (!line.startsWith("ACK ") || !line.endsWith(" END")) {
      return 0; // a line cut short by the kill
    }
    String[] parts = line.split(" ");
    List<String> events = List.of(parts).subList(2, parts.length - 1);
    acks.put(parts[1], events);
    return events.size();
  }

  static int countEvents(Map<String, List<String>> acks) {
    return acks.values().stream().mapToInt(List::size).sum();
  }

  static void pump(Process child, BlockingQueue<String> lines) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("pump failed: " + e);
    } finally {
      lines.add(EOF);
    }
  }

  /** The classpath of this test run (surefire may hide it behind a manifest-only jar). */
  static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }
}
