package io.eventrelay.jdbc.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.val;

import io.eventrelay.Filter;
import io.eventrelay.filter.And;
import io.eventrelay.filter.Comparison;
import io.eventrelay.filter.EventField;
import io.eventrelay.filter.Expression;
import io.eventrelay.filter.InstantLiteral;
import io.eventrelay.filter.JsonPath;
import io.eventrelay.filter.ListLiteral;
import io.eventrelay.filter.Literal;
import io.eventrelay.filter.NumberLiteral;
import io.eventrelay.filter.Operator;
import io.eventrelay.filter.Or;
import io.eventrelay.filter.ScalarLiteral;
import io.eventrelay.filter.StringLiteral;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Renders a {@link Filter} to a jOOQ condition on {@code eventrelay_events} (unqualified column
 * names) that selects exactly the events {@link Filter#matches} accepts.
 *
 * <p>Every value from the filter is a bind parameter, JSON path segments included; the SQL text
 * holds only constants of this package. Nothing in the rendering can raise an error for any stored
 * row: text is never cast to a number or a timestamp. A comparison that does not apply to a row (a
 * missing value, another type) evaluates to false or {@code NULL}; since the language has no
 * negation, {@code NULL} is never turned into a match.
 *
 * <p>This class renders what is the same on every database; {@link FilterSqlite} and {@link
 * FilterPostgres} render the rest. Thread-safe: it holds no state.
 */
public final class FilterSql {
  private FilterSql() {}

  /**
   * The condition for {@code filter}; {@link DSL#noCondition()} for {@link Filter#all()} and for a
   * filter that runs in memory ({@link Filter#isInMemory()}), whose predicate the caller tests.
   *
   * @param dialect {@link SQLDialect#SQLITE} or {@link SQLDialect#POSTGRES} (any version)
   * @throws IllegalArgumentException for another dialect
   */
  public static Condition condition(Filter filter, SQLDialect dialect) {
    if (filter.expression() == null) {
      return DSL.noCondition();
    }
    return render(filter.expression(), FilterDialect.of(dialect));
  }

  private static Condition render(Expression e, FilterDialect d) {
    if (e instanceof And and) {
      return DSL.and(and.operands().stream().map(o -> render(o, d)).toList());
    }
    if (e instanceof Or or) {
      return DSL.or(or.operands().stream().map(o -> render(o, d)).toList());
    }
    Comparison c = (Comparison) e;
    if (c.field() instanceof JsonPath path) {
      return d.json(path, c.operator(), c.value());
    }
    return column((EventField) c.field(), c.operator(), c.value(), d);
  }

  /** A top-level column; the parser has checked that the literals suit its type. */
  private static Condition column(EventField f, Operator op, Literal value, FilterDialect d) {
    Field<Object> column = field(name(f.column()));
    if (op == Operator.IN) {
      List<ScalarLiteral> elements = ((ListLiteral) value).elements();
      return elements.isEmpty()
          ? DSL.falseCondition()
          : column.in(elements.stream().map(v -> bind(f, v, d)).toList());
    }
    if (op == Operator.CONTAINS) {
      return d.containsText(column, val((Object) ((StringLiteral) value).value()));
    }
    boolean text = f.type() == EventField.Type.TEXT;
    return compare(
        text && op.isOrdering() ? d.ordered(column) : column,
        op,
        bind(f, (ScalarLiteral) value, d));
  }

  private static Field<Object> bind(EventField f, ScalarLiteral value, FilterDialect d) {
    switch (f.type()) {
      case TEXT:
        return val((Object) ((StringLiteral) value).value());
      case UUID:
        return d.uuid(((StringLiteral) value).value());
      case TIME:
        return val((Object) ((InstantLiteral) value).epochMicros());
      default:
        return d.number((NumberLiteral) value);
    }
  }

  /** {@code left OP right} for one of the six scalar operators. */
  static Condition compare(Field<Object> left, Operator op, Field<Object> right) {
    switch (op) {
      case EQ:
        return left.eq(right);
      case NE:
        return left.ne(right);
      case GT:
        return left.gt(right);
      case GE:
        return left.ge(right);
      case LT:
        return left.lt(right);
      case LE:
        return left.le(right);
      default:
        throw new IllegalArgumentException("not a scalar operator: " + op);
    }
  }
}
