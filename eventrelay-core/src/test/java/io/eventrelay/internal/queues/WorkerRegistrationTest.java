package io.eventrelay.internal.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.JobQueue;
import io.eventrelay.QueueOptions;
import io.eventrelay.RelayClosedException;
import io.eventrelay.Worker;
import io.eventrelay.internal.OpenConsumers;
import io.eventrelay.internal.RelayContext;
import io.eventrelay.internal.SafeMeters;
import io.eventrelay.internal.TopicSignals;
import io.eventrelay.spi.RelayMeters;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Workers register with the relay's open consumers, so that closing the relay closes them. */
class WorkerRegistrationTest {
  private final OpenConsumers consumers = new OpenConsumers();
  private final JobQueue queue =
      RelayJobQueue.open(
          new RelayContext(
              new EmptyQueueStorage(),
              Clock.systemUTC(),
              new TopicSignals(),
              consumers,
              new SafeMeters(RelayMeters.NONE)),
          () -> {},
          "jobs",
          "mailer",
          QueueOptions.defaults());

  /**
   * The live threads of workers of the queue, once there are none or 5 seconds passed (a pool
   * thread may still be ending when its pool reports it terminated).
   */
  private static List<String> workerThreads() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      List<String> names =
          Thread.getAllStackTraces().keySet().stream()
              .filter(Thread::isAlive)
              .map(Thread::getName)
              .filter(n -> n.startsWith("eventrelay-jobs-mailer-"))
              .toList();
      if (names.isEmpty() || System.nanoTime() > deadline) {
        return names;
      }
      Thread.sleep(5);
    }
  }

  @Test
  void closingTheOpenConsumersClosesAStartedWorker() throws InterruptedException {
    Worker worker = queue.worker(job -> {}).pollInterval(Duration.ofHours(1)).start();
    assertTrue(worker.isRunning());

    consumers.closeAll();

    assertFalse(worker.isRunning());
    assertEquals(List.of(), workerThreads());
  }

  @Test
  void aWorkerStartedOnceTheRelayIsClosingIsRefusedAndLeavesNoThread() throws InterruptedException {
    consumers.closeAll();

    RelayClosedException e =
        assertThrows(RelayClosedException.class, () -> queue.worker(job -> {}).start());

    assertEquals("the relay is closing: eventrelay-jobs-mailer did not start", e.getMessage());
    assertEquals(List.of(), workerThreads());
  }
}
