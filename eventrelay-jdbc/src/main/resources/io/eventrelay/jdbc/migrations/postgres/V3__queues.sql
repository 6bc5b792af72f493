-- Worker queues: a cursor over the topic's log (the last offset turned into deliveries), and a
-- small table of pending, leased and retrying deliveries; an acknowledged delivery is deleted.
-- New jobs are mostly inserted already leased. A leased delivery's available_at is its lease's
-- end, so claims, which read eventrelay_deliveries_due in order, never step over jobs in flight.
-- No index covers the other lease columns (owner, until, attempts), and pages keep free space,
-- so that extending a lease is a heap-only update.
-- Publishing costs nothing per queue. Times are microseconds since the Unix epoch.
-- redriven: the offset of the dead-letter topic up to which dead letters were redriven.
CREATE TABLE eventrelay_queues (
  id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  topic_id          BIGINT NOT NULL,
  name              TEXT   NOT NULL,
  filter            TEXT,
  dead_letter_topic TEXT   NOT NULL,
  scanned           BIGINT NOT NULL,
  redriven          BIGINT NOT NULL,
  created_at        BIGINT NOT NULL,
  UNIQUE (topic_id, name)
);

CREATE TABLE eventrelay_deliveries (
  queue_id     BIGINT NOT NULL,
  event_offset BIGINT NOT NULL,
  group_key    TEXT,
  available_at BIGINT NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  lease_owner  TEXT,
  lease_until  BIGINT,
  last_error   TEXT,
  PRIMARY KEY (queue_id, event_offset)
) WITH (fillfactor = 50);

-- Claims: the claimable deliveries in the order they are leased, so a claim reads no more of the
-- index than it leases (plus the leased and skipped rows it passes).
CREATE INDEX eventrelay_deliveries_due ON eventrelay_deliveries (queue_id, available_at, event_offset);
-- FIFO groups: is an earlier delivery of the same group still pending?
CREATE INDEX eventrelay_deliveries_group ON eventrelay_deliveries (queue_id, group_key, event_offset)
  WHERE group_key IS NOT NULL;
