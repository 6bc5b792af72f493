-- Topics hold the next offset to assign: a publishing transaction increments it, which makes
-- offset allocation order equal to commit order. Times are microseconds since the Unix epoch.
CREATE TABLE eventrelay_topics (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name        TEXT    NOT NULL UNIQUE,
  next_offset INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL
);

CREATE TABLE eventrelay_events (
  topic_id         INTEGER NOT NULL,
  event_offset     INTEGER NOT NULL,
  id               TEXT    NOT NULL,
  topic_identifier TEXT,
  name             TEXT    NOT NULL,
  source           TEXT    NOT NULL,
  data             TEXT    NOT NULL,
  context          TEXT,
  occurred_at      INTEGER NOT NULL,
  available_at     INTEGER,
  recorded_at      INTEGER NOT NULL,
  user_key         TEXT,
  anonymous_key    TEXT,
  group_key        TEXT,
  reference_key    TEXT,
  trace_key        TEXT,
  data_schema      TEXT,
  prev_id          TEXT,
  PRIMARY KEY (topic_id, event_offset)
) WITHOUT ROWID;

CREATE INDEX eventrelay_events_recorded_at ON eventrelay_events (topic_id, recorded_at);
