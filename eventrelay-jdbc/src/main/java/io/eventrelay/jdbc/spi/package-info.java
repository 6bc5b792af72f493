/**
 * What add-ons (webhooks, metrics, …) use to keep their own state in the relay's database: their
 * own versioned schema ({@link io.eventrelay.jdbc.spi.JdbcMigrations}), and transactions on the
 * relay's connections ({@link io.eventrelay.jdbc.spi.TransactionWork}, run by {@link
 * io.eventrelay.jdbc.JdbcStorage#inTransaction}).
 */
package io.eventrelay.jdbc.spi;
