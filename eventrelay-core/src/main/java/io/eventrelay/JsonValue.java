package io.eventrelay;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventrelay.internal.Json;

/**
 * A JSON value held as text, as a tree, or both, converting lazily and at most once. Untrusted text
 * (given by the application) is checked by {@link #checked}; trusted text comes from storage. The
 * tree is never shared with callers ({@link #copyOf}, {@link #copy}), so a value never changes.
 */
final class JsonValue {
  private volatile String text;
  private volatile JsonNode node;
  private final boolean trusted;

  private JsonValue(String text, JsonNode node, boolean trusted) {
    this.text = text;
    this.node = node;
    this.trusted = trusted;
  }

  /** A value holding {@code node} itself: for trees no one else holds. */
  static JsonValue ofNode(JsonNode node) {
    return new JsonValue(null, node, true);
  }

  /** A value holding a copy of {@code node}, so that changing the caller's tree changes nothing. */
  static JsonValue copyOf(JsonNode node) {
    return new JsonValue(null, node.deepCopy(), true);
  }

  static JsonValue trusted(String text) {
    return new JsonValue(text, null, true);
  }

  static JsonValue untrusted(String text) {
    return new JsonValue(text, null, false);
  }

  /**
   * The JSON text of the event field {@code field}.
   *
   * @throws InvalidEventException if the value is a tree that Jackson cannot write
   */
  String text(String field, int index) {
    String t = text;
    if (t == null) {
      t = Json.write(node, field, index);
      text = t;
    }
    return t;
  }

  /**
   * The tree of the event field {@code field}.
   *
   * @throws InvalidEventException if the value is malformed text given by the application
   * @throws StorageException if the value is stored text that cannot be parsed
   */
  JsonNode node(String field) {
    JsonNode n = node;
    if (n == null) {
      n = trusted ? Json.read(text, field) : Json.parseChecked(text, field, -1);
      node = n;
    }
    return n;
  }

  /**
   * A copy of the tree of the event field {@code field}, which the caller may change: the tree held
   * here is never handed out, so events stay immutable.
   *
   * @throws InvalidEventException if the value is malformed text given by the application
   * @throws StorageException if the value is stored text that cannot be parsed
   */
  JsonNode copy(String field) {
    return node(field).deepCopy();
  }

  /**
   * This value with its text known to be one well-formed JSON value (an object when {@code
   * objectOnly}); throws {@link InvalidEventException} naming {@code field} and {@code index}.
   */
  JsonValue checked(String field, int index, boolean objectOnly) {
    if (!trusted) {
      Json.checkSyntax(text, field, index, objectOnly);
      return new JsonValue(text, null, true);
    }
    if (objectOnly && text == null && !node.isObject()) {
      throw new InvalidEventException(
          index, field, "must be a JSON object (was " + node.getNodeType() + ")");
    }
    if (node != null && (node.isNull() || node.isMissingNode())) {
      throw new InvalidEventException(index, field, "is required (was JSON null)");
    }
    text(field, index);
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonValue v && node("json").equals(v.node("json"));
  }

  @Override
  public int hashCode() {
    return node("json").hashCode();
  }
}
