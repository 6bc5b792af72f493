package io.eventrelay.jdbc.contract;

/** {@link TransformerContract} on PostgreSQL. */
class PostgresTransformerTest extends TransformerContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
