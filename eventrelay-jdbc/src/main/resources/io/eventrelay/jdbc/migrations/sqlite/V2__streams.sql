-- Stream subscriptions (consumer groups): a durable cursor per (topic, name), and the lease that
-- makes one consumer at a time active. Times are microseconds since the Unix epoch.
CREATE TABLE eventrelay_streams (
  topic_id    INTEGER NOT NULL,
  name        TEXT   NOT NULL,
  filter      TEXT,
  committed   INTEGER NOT NULL,
  owner       TEXT,
  lease_until INTEGER,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (topic_id, name)
);
