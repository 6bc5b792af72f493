package io.eventrelay;

import io.eventrelay.internal.FilteredReads;
import io.eventrelay.internal.GroupCommitter.Committed;
import io.eventrelay.spi.ReadRequest;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The relay's {@link Topic} handle: validation here, then group commit or storage. */
final class RelayTopic implements Topic {
  private final EventRelay relay;
  private final String name;
  private final String identifier;

  RelayTopic(EventRelay relay, String name, String identifier) {
    this.relay = relay;
    this.name = name;
    this.identifier = identifier;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String identifier() {
    return identifier;
  }

  @Override
  public Event publish(Event event) {
    relay.checkOpen();
    List<Event> ready = relay.prepare(name, identifier, Collections.singletonList(event), true);
    if (ready.isEmpty()) {
      return event; // the transformers dropped it
    }
    return stored(ready, relay.groupCommitter().append(ready)).get(0);
  }

  @Override
  public List<Event> publishAll(List<Event> events) {
    relay.checkOpen();
    List<Event> ready = relay.prepare(name, identifier, events, false);
    if (ready.isEmpty()) {
      return List.of();
    }
    return stored(ready, relay.groupCommitter().append(ready));
  }

  @Override
  public List<Event> publishAll(Connection connection, List<Event> events) {
    relay.checkOpen();
    Objects.requireNonNull(connection, "connection");
    List<Event> ready = relay.prepare(name, identifier, events, false);
    if (ready.isEmpty()) {
      return List.of();
    }
    Instant recordedAt = relay.clock().instant();
    long[] offsets = relay.storage().append(connection, ready, recordedAt);
    return stored(ready, new Committed(offsets, recordedAt));
  }

  @Override
  public Event publishLive(Event event) {
    relay.checkOpen();
    List<Event> ready = relay.prepare(name, identifier, Collections.singletonList(event), true);
    ready.forEach(relay.listeners()::dispatch);
    return ready.isEmpty() ? event : ready.get(0);
  }

  @Override
  public Listener listen(Consumer<Event> handler) {
    return listen(Filter.all(), handler);
  }

  @Override
  public Listener listen(Filter filter, Consumer<Event> handler) {
    relay.checkOpen();
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(handler, "handler");
    if (relay.storage().findTopic(name).isEmpty()) {
      throw new UnknownTopicException(name);
    }
    return relay.listeners().add(name, identifier, filter, handler);
  }

  @Override
  public List<Event> read(long fromOffset, int limit) {
    return read(fromOffset, limit, Filter.all());
  }

  @Override
  public List<Event> read(long fromOffset, int limit, Filter filter) {
    relay.checkOpen();
    Objects.requireNonNull(filter, "filter");
    return FilteredReads.read(
            relay.storage(), name, identifier, fromOffset, limit, filter, () -> {})
        .events();
  }

  @Override
  public Stream<Event> stream(long fromOffset, Filter filter, int pageSize) {
    relay.checkOpen();
    // Check the arguments now rather than on the first page.
    new ReadRequest(name, identifier, fromOffset, pageSize, Filter.all());
    Objects.requireNonNull(filter, "filter");
    Iterator<Event> pages =
        new Iterator<>() {
          private long next = fromOffset;
          private Iterator<Event> page = List.<Event>of().iterator();
          private boolean exhausted;

          @Override
          public boolean hasNext() {
            if (!page.hasNext() && !exhausted) {
              List<Event> got = read(next, pageSize, filter);
              // The storage scans as far as it must to fill a page: an empty page is the end.
              exhausted = got.isEmpty();
              if (!exhausted) {
                next = got.get(got.size() - 1).offset() + 1;
              }
              page = got.iterator();
            }
            return page.hasNext();
          }

          @Override
          public Event next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return page.next();
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  @Override
  public long offsetAt(Instant time) {
    relay.checkOpen();
    return relay.storage().offsetAt(name, Objects.requireNonNull(time, "time"));
  }

  @Override
  public long lastOffset() {
    relay.checkOpen();
    return relay.storage().lastOffset(name);
  }

  private static List<Event> stored(List<Event> ready, Committed c) {
    List<Event> out = new ArrayList<>(ready.size());
    for (int i = 0; i < ready.size(); i++) {
      out.add(ready.get(i).stored(c.offsets()[i], c.recordedAt()));
    }
    return out;
  }

  @Override
  public String toString() {
    return identifier == null ? name : name + ":" + identifier;
  }
}
