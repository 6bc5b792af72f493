-- An add-on's state, one row per item (a test module's schema).
CREATE TABLE test_addon_state (
  id BIGINT PRIMARY KEY,
  note TEXT NOT NULL
);
