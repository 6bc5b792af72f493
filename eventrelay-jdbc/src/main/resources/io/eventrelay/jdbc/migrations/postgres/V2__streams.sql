-- Stream subscriptions (consumer groups): a durable cursor per (topic, name), and the lease that
-- makes one consumer at a time active. Times are microseconds since the Unix epoch.
CREATE TABLE eventrelay_streams (
  topic_id    BIGINT NOT NULL,
  name        TEXT   NOT NULL,
  filter      TEXT,
  committed   BIGINT NOT NULL,
  owner       TEXT,
  lease_until BIGINT,
  created_at  BIGINT NOT NULL,
  PRIMARY KEY (topic_id, name)
);
