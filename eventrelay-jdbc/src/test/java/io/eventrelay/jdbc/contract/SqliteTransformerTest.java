package io.eventrelay.jdbc.contract;

/** {@link TransformerContract} on SQLite. */
class SqliteTransformerTest extends TransformerContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
