package io.eventrelay.filter;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A path into the event's JSON data or context, written {@code data.a.b} or {@code context.x}.
 *
 * <p>Each segment is an object key matching {@code [A-Za-z_][A-Za-z0-9_]*}. There are no array
 * indexes: {@code data.items.0} is a syntax error. A segment applied to anything but a JSON object
 * finds nothing. With no segments, the path is the whole document ({@code data} may be any JSON
 * value; {@code context} is an object or absent).
 *
 * <p>A path that finds nothing, or finds JSON {@code null}, matches no comparison at all, {@code
 * !=} included.
 *
 * @param document the JSON column the path starts from
 * @param segments the object keys to follow, possibly none
 */
public record JsonPath(Document document, List<String> segments) implements Field {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The JSON document a path starts from. */
  public enum Document {
    /** The event's data. */
    DATA("data"),
    /** The event's context. */
    CONTEXT("context");

    private final String column;

    Document(String column) {
      this.column = column;
    }

    /** The name used in filters, which is also the column of {@code eventrelay_events}. */
    public String column() {
      return column;
    }
  }

  /**
   * Checks and copies the segments.
   *
   * @throws IllegalArgumentException if a segment is not an identifier
   * @throws NullPointerException if the document, the list or a segment is null
   */
  public JsonPath {
    Objects.requireNonNull(document, "document");
    segments = List.copyOf(segments);
    for (String s : segments) {
      if (!isSegment(s)) {
        throw new IllegalArgumentException(
            "a path segment must match [A-Za-z_][A-Za-z0-9_]* (was '" + s + "')");
      }
    }
  }

  /**
   * Whether {@code text} may be a segment: {@code [A-Za-z_][A-Za-z0-9_]*}.
   *
   * @param text the candidate segment
   */
  public static boolean isSegment(String text) {
    return SEGMENT.matcher(text).matches();
  }

  /** The path as written in a filter, for example {@code data.a.b}. */
  @Override
  public String text() {
    return segments.isEmpty()
        ? document.column()
        : document.column() + "." + String.join(".", segments);
  }
}
