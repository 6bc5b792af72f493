package io.eventrelay.jdbc.contract;

/** {@link WorkerHooksContract} on PostgreSQL. */
class PostgresWorkerHooksTest extends WorkerHooksContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
