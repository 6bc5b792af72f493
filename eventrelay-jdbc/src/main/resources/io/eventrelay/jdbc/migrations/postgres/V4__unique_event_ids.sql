-- An event id is unique within its topic: a commit whose outcome was lost with its connection is
-- looked up by id, and a retried one can never store an event twice.
CREATE UNIQUE INDEX eventrelay_events_id ON eventrelay_events (topic_id, id);
