package io.eventrelay.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.eventrelay.InvalidEventException;
import io.eventrelay.StorageException;
import java.io.IOException;

/** The relay's one JSON mapper, and the checks it applies to JSON text given by applications. */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private Json() {}

  /** The shared mapper; configured once, never changed. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Compact JSON text of a tree given for the event field {@code field}.
   *
   * @throws InvalidEventException if Jackson cannot write the tree (a POJO node it cannot
   *     serialize)
   */
  public static String write(JsonNode node, String field, int index) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(
          index, field, "could not be serialized to JSON by Jackson: " + e.getOriginalMessage());
    }
  }

  /**
   * Parses the stored JSON text of the event field {@code field}.
   *
   * @throws StorageException if the text is not well-formed JSON: the stored data is corrupt
   */
  public static JsonNode read(String text, String field) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new StorageException(
          "stored JSON of field " + field + " could not be parsed: " + e.getOriginalMessage(), e);
    }
  }

  /** Converts any Jackson-serializable object into a tree. */
  public static JsonNode toTree(Object value, String field) {
    try {
      return MAPPER.valueToTree(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          field + " could not be serialized to JSON by Jackson: " + e.getMessage(), e);
    }
  }

  /** Parses application-given JSON text, reporting malformed text against the event field. */
  public static JsonNode parseChecked(String text, String field, int index) {
    checkSyntax(text, field, index, false);
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(index, field, "is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /**
   * Checks that {@code text} is exactly one JSON value (an object when {@code objectOnly}), not
   * {@code null}, with nothing after it; streams through the tokens without building a tree.
   */
  public static void checkSyntax(String text, String field, int index, boolean objectOnly) {
    try (JsonParser p = MAPPER.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new InvalidEventException(index, field, "must be JSON text (was empty)");
      }
      if (first == JsonToken.VALUE_NULL) {
        throw new InvalidEventException(index, field, "is required (was JSON null)");
      }
      if (objectOnly && first != JsonToken.START_OBJECT) {
        throw new InvalidEventException(index, field, "must be a JSON object (was " + first + ")");
      }
      p.skipChildren();
      JsonToken extra = p.nextToken();
      if (extra != null) {
        throw new InvalidEventException(
            index,
            field,
            "is not valid JSON: unexpected "
                + extra
                + " after the value at character "
                + p.currentTokenLocation().getCharOffset());
      }
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(
          index,
          field,
          "is not valid JSON: "
              + e.getOriginalMessage()
              + " at character "
              + e.getLocation().getCharOffset());
    } catch (IOException e) {
      throw new IllegalStateException("reading a string failed", e);
    }
  }
}
