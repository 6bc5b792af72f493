package io.eventrelay.jdbc.contract;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Topic;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The child process of {@link CrashContract}: publishes to topic {@code crash} from several threads
 * until it is killed, a mix of single events and batches of 10, and prints each acknowledgement
 * once {@code publish} has returned.
 *
 * <p>Arguments: the {@link Database#toArgs() database}, then a run tag. Output, one line per
 * acknowledged call: {@code ACK <groupKey> <id>:<offset>... END}; each call's events share a group
 * key, {@code batch-<run>-<thread>-<n>} or {@code single-<run>-<thread>-<n>}.
 */
public final class CrashingPublisher {
  static final String TOPIC = "crash";
  static final int BATCH_SIZE = 10;
  static final int THREADS = 4;

  private CrashingPublisher() {}

  public static void main(String[] args) throws InterruptedException {
    Database db = Database.fromArgs(args);
    String run = args[2];
    EventRelay relay = EventRelay.builder().storage(db.open()).build();
    Topic topic = relay.createTopic(TOPIC);
    PrintStream out = System.out;
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      String prefix = run + "-" + t + "-";
      Thread thread = new Thread(() -> publishForever(topic, prefix, out), "publisher-" + t);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }

  private static void publishForever(Topic topic, String prefix, PrintStream out) {
    for (long n = 0; ; n++) {
      boolean batch = n % 3 == 0;
      String group = (batch ? "batch-" : "single-") + prefix + n;
      List<Event> drafts = new ArrayList<>();
      for (int i = 0; i < (batch ? BATCH_SIZE : 1); i++) {
        drafts.add(
            Event.builder("crash.test")
                .source("crashing-publisher")
                .groupKey(group)
                .data(Map.of("group", group, "i", i))
                .build());
      }
      List<Event> stored = batch ? topic.publishAll(drafts) : List.of(topic.publish(drafts.get(0)));
      StringBuilder line = new StringBuilder("ACK ").append(group);
      for (Event e : stored) {
        line.append(' ').append(e.id()).append(':').append(e.offset());
      }
      synchronized (out) {
        out.println(line.append(" END"));
        out.flush();
      }
    }
  }
}
