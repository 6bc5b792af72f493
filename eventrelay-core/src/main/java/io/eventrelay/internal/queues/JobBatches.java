package io.eventrelay.internal.queues;

import io.eventrelay.spi.DeliveryToken;
import io.eventrelay.spi.QueueStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A worker's changes to many of its queue's jobs at once (acknowledgements, releases, lease
 * renewals), each one storage call, skipping the jobs whose lease has already ended by the relay's
 * clock.
 */
final class JobBatches {
  private final Supplier<QueueStorage> storage;
  private final Clock clock;
  private final Duration lease;
  private final Report report;

  /** Where the outcomes of batch changes are reported (the relay's meters). */
  interface Report {
    void acknowledged(int jobs);

    void leaseLost(int jobs);
  }

  JobBatches(Supplier<QueueStorage> storage, Clock clock, Duration lease, Report report) {
    this.report = report;
    this.storage = storage;
    this.clock = clock;
    this.lease = lease;
  }

  private Instant now() {
    return clock.instant();
  }

  /**
   * Acknowledges jobs a worker's handlers finished, with one storage call.
   *
   * @return the jobs that were not acknowledged: their lease expired or was lost
   */
  List<ClaimedJob> ackAll(List<ClaimedJob> jobs) {
    List<ClaimedJob> lost =
        changeAll(jobs, tokens -> storage.get().ackAll(tokens), ClaimedJob::settle);
    report.acknowledged(jobs.size() - lost.size());
    return lost;
  }

  /**
   * Gives back jobs a worker claimed but did not start, without counting their attempts.
   *
   * @return the jobs whose lease had already expired or was lost
   */
  List<ClaimedJob> releaseAll(List<ClaimedJob> jobs) {
    Instant now = now();
    return changeAll(jobs, tokens -> storage.get().releaseAll(tokens, now), ClaimedJob::settle);
  }

  /**
   * Renews the leases of jobs waiting in a worker for a thread, to a full lease from now.
   *
   * @return the jobs whose lease had already expired or was lost
   */
  List<ClaimedJob> renewAll(List<ClaimedJob> jobs) {
    Instant until = now().plus(lease).truncatedTo(ChronoUnit.MICROS);
    // The jobs' own view moves first, so that a thread taking one meanwhile never sees an end that
    // the storage has already moved past; a job the renewal did not reach gets its old end back.
    Map<ClaimedJob, Instant> before = new IdentityHashMap<>();
    jobs.forEach(j -> before.put(j, j.leaseUntil()));
    List<ClaimedJob> lost;
    try {
      lost =
          changeAll(
              jobs,
              tokens -> {
                Set<DeliveryToken> live = Collections.newSetFromMap(new IdentityHashMap<>());
                live.addAll(tokens);
                jobs.stream()
                    .filter(j -> live.contains(j.token()))
                    .forEach(j -> j.leaseUntil(until));
                return storage.get().extendAll(tokens, until);
              },
              j -> {});
    } catch (RuntimeException e) {
      jobs.forEach(j -> j.leaseUntil(before.get(j)));
      throw e;
    }
    lost.forEach(j -> j.leaseUntil(before.get(j)));
    return lost;
  }

  /**
   * Applies a batch change to the jobs whose lease has not expired by the relay's clock, and {@code
   * changed} to each job it changed; returns the others. Works while the relay closes: it stops its
   * workers before it closes the storage, and their last acknowledgements and releases must still
   * be written.
   */
  private List<ClaimedJob> changeAll(
      List<ClaimedJob> jobs,
      Function<List<DeliveryToken>, boolean[]> change,
      Consumer<ClaimedJob> changed) {
    Instant now = now();
    List<ClaimedJob> live = new ArrayList<>(jobs.size());
    List<ClaimedJob> lost = new ArrayList<>();
    for (ClaimedJob j : jobs) {
      (now.isAfter(j.leaseUntil()) ? lost : live).add(j);
    }
    boolean[] done = change.apply(live.stream().map(ClaimedJob::token).toList());
    for (int i = 0; i < done.length; i++) {
      if (done[i]) {
        changed.accept(live.get(i));
      } else {
        lost.add(live.get(i));
      }
    }
    report.leaseLost(lost.size());
    return lost;
  }
}
