-- Topics hold the next offset to assign: a publishing transaction increments it, which locks the
-- row until commit and makes offset allocation order equal to commit order. Times are
-- microseconds since the Unix epoch, so no session time zone is ever involved.
CREATE TABLE eventrelay_topics (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        TEXT   NOT NULL UNIQUE,
  next_offset BIGINT NOT NULL DEFAULT 1,
  created_at  BIGINT NOT NULL
);

CREATE TABLE eventrelay_events (
  topic_id         BIGINT NOT NULL,
  event_offset     BIGINT NOT NULL,
  id               UUID   NOT NULL,
  topic_identifier TEXT,
  name             TEXT   NOT NULL,
  source           TEXT   NOT NULL,
  data             JSONB  NOT NULL,
  context          JSONB,
  occurred_at      BIGINT NOT NULL,
  available_at     BIGINT,
  recorded_at      BIGINT NOT NULL,
  user_key         TEXT,
  anonymous_key    TEXT,
  group_key        TEXT,
  reference_key    TEXT,
  trace_key        TEXT,
  data_schema      TEXT,
  prev_id          UUID,
  PRIMARY KEY (topic_id, event_offset)
);

CREATE INDEX eventrelay_events_recorded_at ON eventrelay_events (topic_id, recorded_at);
