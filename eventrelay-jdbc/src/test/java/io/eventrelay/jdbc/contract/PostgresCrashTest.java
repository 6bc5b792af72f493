package io.eventrelay.jdbc.contract;

/** {@link CrashContract} on PostgreSQL. */
class PostgresCrashTest extends CrashContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
