CREATE INDEX test_addon_state_note ON test_addon_state (note);
