package io.eventrelay.internal.queues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrelay.Event;
import io.eventrelay.Filter;
import io.eventrelay.internal.Json;
import io.eventrelay.spi.QueueRecord;
import java.time.Instant;
import java.util.UUID;

/**
 * The form of dead letters: a new event with the original's fields and data, whose context is the
 * original context plus {@code dead_letter: {topic, queue, offset, attempts, error}}, and whose
 * {@code prevId} is the original's id.
 */
final class DeadLetters {
  private DeadLetters() {}

  /** The filter that selects the dead letters of {@code queue} in its dead-letter topic. */
  static Filter filter(QueueRecord queue) {
    // Topic and queue names are [a-z][a-z0-9_]*: nothing in them needs quoting.
    return Filter.parse(
        "context.dead_letter.topic == '"
            + queue.topic()
            + "' AND context.dead_letter.queue == '"
            + queue.name()
            + "'");
  }

  /**
   * The dead letter for {@code original} after {@code attempts} attempts that ended in {@code
   * error}.
   */
  static Event of(
      Event original, QueueRecord queue, int attempts, String error, UUID id, Instant now) {
    ObjectNode context =
        original.context().map(ObjectNode::deepCopy).orElseGet(Json.mapper()::createObjectNode);
    ObjectNode source = context.putObject("dead_letter");
    source.put("topic", queue.topic());
    source.put("queue", queue.name());
    source.put("offset", original.offset());
    source.put("attempts", attempts);
    source.put("error", error);
    return original.toBuilder()
        .id(id)
        .occurredAt(now)
        .availableAt(null)
        .prevId(original.id())
        .context(context)
        .build();
  }

  /** The offset of the event a dead letter came from, or 0 if it does not say. */
  static long originalOffset(Event deadLetter) {
    JsonNode offset =
        deadLetter
            .context()
            .map(c -> c.path("dead_letter").path("offset"))
            .orElse(MissingNode.getInstance());
    return offset.isIntegralNumber() && offset.canConvertToLong()
        ? Math.max(0, offset.asLong())
        : 0;
  }
}
