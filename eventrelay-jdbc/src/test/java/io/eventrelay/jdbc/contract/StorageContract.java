package io.eventrelay.jdbc.contract;

import io.eventrelay.Event;
import io.eventrelay.EventRelay;
import io.eventrelay.Topic;
import io.eventrelay.jdbc.JdbcStorage;
import io.eventrelay.spi.Storage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of every storage contract class: a subclass per database names its {@link Backend}, and
 * the same tests run against it. Relays made through {@link #relay} are closed after each test.
 */
abstract class StorageContract {
  /** A time that no test's real clock would produce by accident. */
  static final Instant T0 = Instant.parse("2031-03-04T05:06:07.123456Z");

  @TempDir Path tempDir;

  private final Deque<EventRelay> relays = new ArrayDeque<>();

  /** The database this subclass runs the contract on. */
  abstract Backend backend();

  /** A storage on a fresh database private to it. */
  final JdbcStorage newStorage() {
    return backend().newStorage();
  }

  /** A fresh database that several storages (and processes) can open at once. */
  final Database newDatabase() {
    return backend().newDatabase(tempDir);
  }

  /** A relay on a fresh private database, with the system clock. */
  final EventRelay relay() {
    return relay(newStorage(), Clock.systemUTC());
  }

  final EventRelay relay(Storage storage) {
    return relay(storage, Clock.systemUTC());
  }

  final EventRelay relay(Storage storage, Clock clock) {
    return track(EventRelay.builder().storage(storage).clock(clock), storage);
  }

  /** Builds the relay (which starts the storage); closes the storage if that fails. */
  final EventRelay track(EventRelay.Builder builder, Storage storage) {
    EventRelay relay;
    try {
      relay = builder.build();
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    synchronized (relays) {
      relays.push(relay);
    }
    return relay;
  }

  @AfterEach
  final void closeRelays() {
    synchronized (relays) {
      while (!relays.isEmpty()) {
        relays.pop().close();
      }
    }
  }

  /** A valid draft named {@code name} whose data records {@code n}. */
  static Event event(String name, int n) {
    return Event.builder(name).source("contract-test").data(Map.of("n", n)).build();
  }

  /** {@code count} valid drafts, numbered from 0. */
  static List<Event> events(String name, int count) {
    List<Event> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(event(name, i));
    }
    return out;
  }

  /** The offsets of {@code events}, in order. */
  static List<Long> offsets(List<Event> events) {
    return events.stream().map(Event::offset).toList();
  }

  /** The offsets {@code from} to {@code to}, inclusive. */
  static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      out.add(i);
    }
    return out;
  }

  /** Every event the handle reads, in pages, each continuing after the last offset seen. */
  static List<Event> readAll(Topic topic) {
    List<Event> all = new ArrayList<>();
    long next = 1;
    while (true) {
      List<Event> page = topic.read(next, 1000);
      if (page.isEmpty()) {
        return all;
      }
      all.addAll(page);
      next = page.get(page.size() - 1).offset() + 1;
    }
  }
}
