package io.eventrelay.internal.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.eventrelay.Event;
import io.eventrelay.filter.And;
import io.eventrelay.filter.Comparison;
import io.eventrelay.filter.EventField;
import io.eventrelay.filter.Expression;
import io.eventrelay.filter.InstantLiteral;
import io.eventrelay.filter.JsonPath;
import io.eventrelay.filter.ListLiteral;
import io.eventrelay.filter.Literal;
import io.eventrelay.filter.NumberLiteral;
import io.eventrelay.filter.Or;
import io.eventrelay.filter.ScalarLiteral;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Evaluates filters in memory. {@link #compile} turns a tree into a predicate once; testing an
 * event then walks only the fields the filter names, never re-parsing anything.
 *
 * <p>Top-level fields are read as JSON values (text as strings, the offset and times as numbers,
 * times as microseconds with instant literals turned into the same numbers), so that one set of
 * rules, {@link JsonComparisons}, decides every comparison.
 */
public final class FilterEvaluator {
  private FilterEvaluator() {}

  /** A thread-safe predicate that is true for the events {@code expression} matches. */
  public static Predicate<Event> compile(Expression expression) {
    if (expression instanceof And and) {
      List<Predicate<Event>> parts = and.operands().stream().map(FilterEvaluator::compile).toList();
      return event -> {
        for (Predicate<Event> p : parts) {
          if (!p.test(event)) {
            return false;
          }
        }
        return true;
      };
    }
    if (expression instanceof Or or) {
      List<Predicate<Event>> parts = or.operands().stream().map(FilterEvaluator::compile).toList();
      return event -> {
        for (Predicate<Event> p : parts) {
          if (p.test(event)) {
            return true;
          }
        }
        return false;
      };
    }
    Comparison c = (Comparison) expression;
    Function<Event, JsonNode> read;
    Literal value = c.value();
    if (c.field() instanceof JsonPath path) {
      read = pathReader(path);
    } else {
      EventField field = (EventField) c.field();
      read = fieldReader(field);
      if (field.type() == EventField.Type.TIME) {
        value = timesAsMicros(value);
      }
    }
    Predicate<JsonNode> test = JsonComparisons.test(c.operator(), value);
    return event -> {
      JsonNode v = read.apply(event);
      return v != null && !v.isNull() && !v.isMissingNode() && test.test(v);
    };
  }

  private static Function<Event, JsonNode> pathReader(JsonPath path) {
    String[] segments = path.segments().toArray(String[]::new);
    boolean data = path.document() == JsonPath.Document.DATA;
    return event -> {
      JsonNode node = data ? event.data() : event.context().orElse(null);
      for (String s : segments) {
        if (node == null || !node.isObject()) {
          return null;
        }
        node = node.get(s);
      }
      return node;
    };
  }

  private static Function<Event, JsonNode> fieldReader(EventField field) {
    switch (field) {
      case ID:
        return e -> uuid(Optional.ofNullable(e.id()));
      case NAME:
        return e -> text(Optional.ofNullable(e.name()));
      case SOURCE:
        return e -> text(Optional.ofNullable(e.source()));
      case TOPIC_IDENTIFIER:
        return e -> text(e.topicIdentifier());
      case OFFSET:
        return e -> LongNode.valueOf(e.offset());
      case OCCURRED_AT:
        return e -> micros(Optional.ofNullable(e.occurredAt()));
      case AVAILABLE_AT:
        return e -> micros(e.availableAt());
      case RECORDED_AT:
        return e -> micros(Optional.ofNullable(e.recordedAt()));
      case USER_KEY:
        return e -> text(e.userKey());
      case ANONYMOUS_KEY:
        return e -> text(e.anonymousKey());
      case GROUP_KEY:
        return e -> text(e.groupKey());
      case REFERENCE_KEY:
        return e -> text(e.referenceKey());
      case TRACE_KEY:
        return e -> text(e.traceKey());
      case DATA_SCHEMA:
        return e -> text(e.dataSchema());
      case PREV_ID:
        return e -> uuid(e.prevId());
      default:
        throw new IllegalStateException("no reader for " + field);
    }
  }

  private static JsonNode text(Optional<String> value) {
    return value.map(TextNode::valueOf).orElse(null);
  }

  /** A UUID as its canonical lower-case text, the form the parser gives UUID literals. */
  private static JsonNode uuid(Optional<UUID> value) {
    return value.map(u -> TextNode.valueOf(u.toString())).orElse(null);
  }

  private static JsonNode micros(Optional<Instant> value) {
    return value.map(t -> LongNode.valueOf(new InstantLiteral(t).epochMicros())).orElse(null);
  }

  /** Instant literals as numbers of microseconds, to compare with times read by {@link #micros}. */
  private static Literal timesAsMicros(Literal value) {
    if (value instanceof ListLiteral list) {
      return new ListLiteral(list.elements().stream().map(FilterEvaluator::timeAsMicros).toList());
    }
    return timeAsMicros((ScalarLiteral) value);
  }

  private static ScalarLiteral timeAsMicros(ScalarLiteral value) {
    return new NumberLiteral(BigDecimal.valueOf(((InstantLiteral) value).epochMicros()));
  }
}
