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

  /**
   * The size of well-formed JSON text in bytes of UTF-8, checked to be storable on every database:
   * no string may hold the NUL character (U+0000, which PostgreSQL's {@code jsonb} cannot store) or
   * an unpaired surrogate, escaped or not (which is not Unicode text).
   *
   * @throws InvalidEventException naming {@code field}, the character and where it is
   */
  public static long storableSize(String json, String field, int index) {
    // Well-formed JSON has backslashes only in strings, each starting an escape.
    for (int i = json.indexOf('\\'); i >= 0; i = json.indexOf('\\', i)) {
      if (json.charAt(i + 1) != 'u') {
        i += 2;
        continue;
      }
      int unit = hex4(json, i + 2);
      if (unit == 0) {
        throw new InvalidEventException(
            index,
            field,
            "must not contain the NUL character \\u0000 (at character "
                + i
                + "): PostgreSQL cannot store it in JSON, so no database accepts it");
      }
      boolean paired =
          Character.isHighSurrogate((char) unit)
              && json.startsWith("\\u", i + 6)
              && Character.isLowSurrogate((char) hex4(json, i + 8));
      if (Character.isSurrogate((char) unit) && !paired) {
        throw new InvalidEventException(index, field, Utf8.unpairedSurrogate(unit, i));
      }
      i += paired ? 12 : 6;
    }
    try {
      return Utf8.length(json);
    } catch (IllegalArgumentException unpaired) {
      throw new InvalidEventException(index, field, unpaired.getMessage());
    }
  }

  /** The UTF-16 code unit written as the four hex digits at {@code from} (after a backslash-u). */
  private static int hex4(String json, int from) {
    return Integer.parseInt(json, from, from + 4, 16);
  }
}
