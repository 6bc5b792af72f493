package io.eventrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
