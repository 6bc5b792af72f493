package io.eventrelay.examples;

import io.eventrelay.BackoffPolicy;
import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.JobQueue;
import io.eventrelay.QueueOptions;
import io.eventrelay.QueueStats;
import io.eventrelay.Topic;
import io.eventrelay.Worker;
import io.eventrelay.jdbc.JdbcStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A worker queue in a SQLite file: email jobs run on three threads, failed ones are retried with a
 * backoff, those that fail every attempt go to the dead-letter topic, and once the cause is fixed
 * they are redriven.
 *
 * <pre>
 * mvn -q install -DskipTests
 * mvn -q -pl examples exec:java -Dexec.mainClass=io.eventrelay.examples.WorkerQueueExample
 * </pre>
 *
 * <p>The first argument, if given, is the database file to use instead of {@code
 * target/worker-queue.db}.
 */
public final class WorkerQueueExample {
  private static final Comparator<Event> BY_RECIPIENT =
      Comparator.comparing(e -> e.userKey().orElseThrow());

  record Email(String template) {}

  /** One attempt to send an email, as the mail server saw it. */
  record Attempt(String to, int number, String outcome) {}

  /** A pretend mail server: bounce.example refuses us until fixed; flaky.example fails once. */
  static final class Mailer {
    final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    volatile boolean refusing = true;

    void send(String to, int attempt) {
      String error =
          to.endsWith("@bounce.example") && refusing
              ? "554 bounce.example refuses mail from us"
              : to.endsWith("@flaky.example") && attempt == 1 ? "421 try again later" : null;
      attempts.add(new Attempt(to, attempt, error == null ? "sent" : "failed: " + error));
      if (error != null) {
        throw new IllegalStateException(error);
      }
    }
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    Path file = Path.of(args.length > 0 ? args[0] : "target/worker-queue.db");
    Files.createDirectories(file.toAbsolutePath().getParent());

    try (EventRelay relay = EventRelay.builder().storage(JdbcStorage.sqlite(file)).build()) {
      relay.deleteTopic("jobs"); // start afresh, so every run prints the same
      relay.deleteTopic("mailer_dead");
      Topic jobs = relay.createTopic("jobs");

      // Three attempts per job, retried 50 ms after each failure; then the dead-letter topic.
      QueueOptions options =
          QueueOptions.builder()
              .filter("name == 'email.requested'")
              .maxAttempts(3)
              .backoff(BackoffPolicy.fixed(Duration.ofMillis(50)))
              .build();
      JobQueue mailer = relay.queue("jobs", "mailer", options);

      List<String> recipients =
          List.of(
              "alice@example.com",
              "bob@example.com",
              "carol@bounce.example",
              "dave@example.com",
              "erin@flaky.example",
              "frank@example.com",
              "grace@example.com",
              "heidi@bounce.example",
              "ivan@flaky.example",
              "judy@example.com");
      jobs.publishAll(recipients.stream().map(WorkerQueueExample::emailRequest).toList());

      Mailer server = new Mailer();
      // The worker acknowledges a job when the handler returns and fails it when it throws.
      // Delivery is at least once: a real mailer would skip emails it sent already (by event id).
      // A short poll interval finds retries soon after they fall due.
      try (Worker worker =
          mailer
              .worker(job -> server.send(job.event().userKey().orElseThrow(), job.attempt()))
              .threads(3)
              .pollInterval(Duration.ofMillis(10))
              .start()) {
        printAttempts(server, awaitSettled(mailer, worker));

        List<Event> deadLetters = relay.topic(mailer.deadLetterTopic()).read(1, 100);
        System.out.println("Dead letters in " + mailer.deadLetterTopic());
        for (Event e : deadLetters.stream().sorted(BY_RECIPIENT).toList()) {
          // The kept error is the exception with its top stack frames: its first line names it.
          var letter = e.context().orElseThrow().path("dead_letter");
          System.out.printf(
              "  %-20s  offset %d, %d attempts, last error: %s%n",
              e.userKey().orElseThrow(),
              letter.path("offset").asLong(),
              letter.path("attempts").asInt(),
              letter.path("error").asText().lines().findFirst().orElse(""));
        }
        System.out.println();

        server.refusing = false; // the cause is fixed: bounce.example accepts our mail again
        System.out.println(
            "Fixed bounce.example; redrove " + mailer.redrive(100) + " dead letters");
        printAttempts(server, awaitSettled(mailer, worker));
      }
    }
  }

  private static Event emailRequest(String to) {
    return Event.builder("email.requested")
        .source("signup")
        .userKey(to)
        .data(new Email("welcome"))
        .build();
  }

  /** Waits until no job is pending or running, polling the queue's stats for up to 10 seconds. */
  private static QueueStats awaitSettled(JobQueue queue, Worker worker)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    QueueStats stats = queue.stats();
    while (stats.pending() + stats.inFlight() > 0) {
      if (!worker.isRunning() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the jobs did not settle within 10 seconds: " + stats);
      }
      Thread.sleep(10);
      stats = queue.stats();
    }
    return stats;
  }

  /** Prints the attempts since the last call, sorted (threads run them in any order). */
  private static void printAttempts(Mailer server, QueueStats stats) {
    System.out.println("Attempts");
    server.attempts.stream()
        .sorted(Comparator.comparing(Attempt::to).thenComparing(Attempt::number))
        .forEach(a -> System.out.printf("  %-20s  %d  %s%n", a.to(), a.number(), a.outcome()));
    server.attempts.clear();
    System.out.printf(
        "Queue: %d pending, %d in flight, %d dead letters%n%n",
        stats.pending(), stats.inFlight(), stats.deadLetters());
  }
}
