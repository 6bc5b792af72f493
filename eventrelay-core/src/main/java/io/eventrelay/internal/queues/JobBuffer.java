package io.eventrelay.internal.queues;

import io.eventrelay.Job;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A worker's claimed jobs and the room for more, under one lock: jobs waiting for a handler thread,
 * jobs running, and room reserved by claims under way. Together they never exceed the handler
 * threads plus the prefetch. Claimer threads wait here for room, handler threads for jobs.
 */
final class JobBuffer {
  private static final int MAX_CLAIM = 1000;

  private final int capacity; // handler threads + prefetch
  private final int chunk; // claim when at least this many jobs fit
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition jobsWaiting = lock.newCondition();
  private final Condition roomFreed = lock.newCondition();
  private final ArrayDeque<ClaimedJob> waiting = new ArrayDeque<>();
  private int reserved; // jobs being claimed
  private int busy; // jobs the handler threads are running
  private int claimers; // claimer threads still running
  private volatile boolean open = true;
  private volatile boolean paused; // changed under the lock

  /**
   * @param capacity the handler threads plus the prefetch
   * @param claimers the claimer threads; with n of them, a claim starts when 1/(n+1) of the buffer
   *     is free: one claimer refills when half has started, two overlap
   */
  JobBuffer(int capacity, int claimers) {
    this.capacity = capacity;
    this.claimers = claimers;
    this.chunk = Math.max(1, (capacity + claimers) / (claimers + 1));
  }

  /** Whether the buffer still takes and hands out jobs. */
  boolean isOpen() {
    return open;
  }

  /** Hands out and takes no more jobs, and wakes every thread waiting here. */
  void close() {
    lock.lock();
    try {
      open = false;
      jobsWaiting.signalAll();
      roomFreed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether the buffer is paused: it hands out what it has but takes no more jobs. */
  boolean isPaused() {
    return paused;
  }

  /**
   * Takes no more jobs until {@link #resume()}: claimers wait, and the jobs a claim brings
   * meanwhile are refused. Idempotent.
   *
   * @return the jobs that were waiting, taken out of the buffer, for the caller to give back
   */
  List<Job> pause() {
    lock.lock();
    try {
      paused = true;
      List<Job> left = new ArrayList<>(waiting);
      waiting.clear();
      return left;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes jobs again, and wakes the claimers waiting for room.
   *
   * @return whether it was paused
   */
  boolean resume() {
    lock.lock();
    try {
      boolean was = paused;
      paused = false;
      roomFreed.signalAll();
      return was;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until there is room for a claim (at least a chunk of the capacity is neither running,
   * waiting nor being claimed), and reserves it. Only the first claimer claims on its own (and
   * polls an empty queue); the others claim while another claim is under way, so that they overlap
   * it. While paused, no claimer claims.
   *
   * @return how many jobs to claim; 0 when {@code nanos} passed first, or when closed
   */
  int awaitRoom(boolean first, long nanos) throws InterruptedException {
    lock.lock();
    try {
      while (open && (paused || !(roomForClaim() && (first || reserved > 0)))) {
        if (nanos <= 0) {
          return 0;
        }
        nanos = roomFreed.awaitNanos(nanos);
      }
      if (!open) {
        return 0;
      }
      int wanted = Math.min(MAX_CLAIM, room());
      reserved += wanted;
      roomFreed.signalAll(); // another claimer may overlap this claim
      return wanted;
    } finally {
      lock.unlock();
    }
  }

  /** Gives back the room reserved for a claim that failed. */
  void unreserve(int wanted) {
    lock.lock();
    try {
      reserved -= wanted;
      roomFreed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Puts the jobs of a claim that reserved {@code wanted} in the buffer.
   *
   * @return false if the buffer was closed or paused meanwhile: the caller gives the jobs back
   */
  boolean hand(List<Job> jobs, int wanted) {
    lock.lock();
    try {
      reserved -= wanted;
      if (jobs.size() < wanted) {
        roomFreed.signalAll();
      }
      if (!open || paused) {
        return jobs.isEmpty();
      }
      jobs.forEach(j -> waiting.add((ClaimedJob) j));
      if (!jobs.isEmpty()) {
        jobsWaiting.signalAll();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Waits for a job and counts it as running; null once closed. */
  ClaimedJob take() throws InterruptedException {
    lock.lock();
    try {
      while (open && waiting.isEmpty()) {
        jobsWaiting.await();
      }
      if (!open) {
        return null;
      }
      ClaimedJob job = waiting.poll();
      busy++;
      if (roomForClaim()) {
        roomFreed.signalAll();
      }
      return job;
    } finally {
      lock.unlock();
    }
  }

  /** A job that {@link #take} handed out has finished. */
  void finished() {
    lock.lock();
    try {
      busy--;
      if (roomForClaim()) {
        roomFreed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The waiting jobs whose leases end before {@code due}. */
  List<ClaimedJob> waitingUntil(Instant due) {
    List<ClaimedJob> expiring = new ArrayList<>();
    lock.lock();
    try {
      for (ClaimedJob j : waiting) {
        if (j.leaseUntil().isBefore(due)) {
          expiring.add(j);
        }
      }
    } finally {
      lock.unlock();
    }
    return expiring;
  }

  /** Drops waiting jobs that lost their leases. */
  void removeAll(List<ClaimedJob> lost) {
    lock.lock();
    try {
      waiting.removeAll(lost);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A claimer thread stopped.
   *
   * @return the jobs still waiting, taken out of the buffer, if it was the last claimer; else null
   */
  List<Job> claimerStopped() {
    lock.lock();
    try {
      if (--claimers > 0) {
        return null;
      }
      List<Job> left = new ArrayList<>(waiting);
      waiting.clear();
      return left;
    } finally {
      lock.unlock();
    }
  }

  private int room() {
    return capacity - busy - waiting.size() - reserved;
  }

  private boolean roomForClaim() {
    return room() >= chunk;
  }
}
