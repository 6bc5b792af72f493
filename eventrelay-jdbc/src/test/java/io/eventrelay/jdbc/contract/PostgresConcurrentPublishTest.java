package io.eventrelay.jdbc.contract;

/** {@link ConcurrentPublishContract} on PostgreSQL. */
class PostgresConcurrentPublishTest extends ConcurrentPublishContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
