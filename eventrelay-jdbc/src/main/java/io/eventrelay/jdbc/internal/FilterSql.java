package io.eventrelay.jdbc.internal;

import io.eventrelay.Filter;
import org.jooq.Condition;
import org.jooq.SQLDialect;

/** Renders filters to SQL. Placeholder until the filter language lands. */
public final class FilterSql {
  private FilterSql() {}

  /** The condition for {@code filter}. */
  public static Condition condition(Filter filter, SQLDialect dialect) {
    throw new UnsupportedOperationException("filters are not rendered to SQL yet: " + filter);
  }
}
