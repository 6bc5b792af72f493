package io.eventrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrelay.spi.EventRecord;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Events as values: what they take, hand out and parse. */
class EventTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static Event stored(String dataJson, String contextJson) {
    return Event.fromRecord(
        new EventRecord(
            UUID.randomUUID(),
            "orders",
            null,
            1,
            "order.placed",
            "test",
            dataJson,
            contextJson,
            Instant.EPOCH,
            null,
            Instant.EPOCH,
            null,
            null,
            null,
            null,
            null,
            null,
            null));
  }

  @Test
  void changingTheTreesGivenToTheBuilderDoesNotChangeTheEvent() {
    ObjectNode data = NODES.objectNode().put("n", 1);
    ArrayNode items = data.putArray("items").add("a");
    ObjectNode context = NODES.objectNode().put("by", "builder");
    Event event = Event.builder("placed").source("s").data(data).context(context).build();

    data.put("n", 2);
    items.add("b");
    context.put("by", "someone else");

    assertEquals("{\"n\":1,\"items\":[\"a\"]}", event.dataJson());
    assertEquals("{\"n\":1,\"items\":[\"a\"]}", event.data().toString());
    assertEquals("{\"by\":\"builder\"}", event.context().orElseThrow().toString());
  }

  @Test
  void changingTheTreesAnEventHandsOutDoesNotChangeTheEvent() {
    Event event = stored("{\"n\":1,\"items\":[\"a\"]}", "{\"by\":\"storage\"}");

    ObjectNode data = (ObjectNode) event.data();
    data.put("n", 2);
    ((ArrayNode) data.get("items")).add("b");
    event.context().orElseThrow().put("by", "someone else");

    assertNotSame(event.data(), event.data());
    assertEquals("{\"n\":1,\"items\":[\"a\"]}", event.data().toString());
    assertEquals("{\"by\":\"storage\"}", event.context().orElseThrow().toString());
  }

  @Test
  void storedJsonThatCannotBeParsedIsAStorageFailure() {
    Event event = stored("{\"n\":", "[1");

    StorageException data = assertThrows(StorageException.class, event::data);
    StorageException context = assertThrows(StorageException.class, event::context);

    assertEquals(
        true,
        data.getMessage().startsWith("stored JSON of field data could not be parsed: "),
        data.getMessage());
    assertEquals(
        true,
        context.getMessage().startsWith("stored JSON of field context could not be parsed: "),
        context.getMessage());
    assertFalse(data.isTransient());
  }
}
