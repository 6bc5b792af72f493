package io.eventrelay;

import java.util.List;

/**
 * Rewrites events as they are published: changes them, drops them, or fans them out into several
 * events for this topic or others. Registered with {@link EventRelay.Builder#transformer}; the Lua
 * add-on's scripts are transformers.
 *
 * <p>Transformers run on the publishing thread, before validation, outside the commit lock (so that
 * several publishers transform in parallel), on every publish path ({@link Topic#publish}, {@link
 * Topic#publishAll(List)}, {@link Topic#publishAll(java.sql.Connection, List)}, {@link
 * Topic#publishLive}); never on dead letters or redriven jobs. With several transformers, each gets
 * every output of the one registered before it. All events that one publish call yields commit in
 * one transaction, whatever their topics: a fan-out is atomic.
 *
 * <p>What {@link Topic#publish(Event)} returns then: the first event the call stored (the one that
 * took the input's place, in the simple case of a changed event), or, when the transformers dropped
 * the event, the input as given, unstored ({@code offset() == 0}). {@link Topic#publishAll(List)}
 * returns every event the call stored, in order.
 *
 * <p>Implementations must be thread-safe. What one throws rejects the whole publish call with a
 * {@link TransformException} naming the input's index; nothing is stored.
 */
@FunctionalInterface
public interface EventTransformer {

  /**
   * What to publish instead of {@code input}.
   *
   * @return {@code List.of(input)} to keep it as it is; an empty list to drop it; one or more
   *     outputs, each for any topic, to change it or fan it out
   */
  List<Output> transform(Output input);

  /**
   * An event and where it is published.
   *
   * @param topic a topic address: a name ({@code orders}) or a name and identifier ({@code
   *     users:123}), as {@link EventRelay#topic(String)} takes
   * @param event the draft (not validated yet, no offset)
   */
  record Output(String topic, Event event) {
    /** Checks that neither part is null. */
    public Output {
      java.util.Objects.requireNonNull(topic, "topic");
      java.util.Objects.requireNonNull(event, "event");
    }
  }
}
