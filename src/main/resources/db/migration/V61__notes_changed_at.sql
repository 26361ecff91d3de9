-- A note or a call logged on an account marks the time, so it joins the version of what the pages show
-- (Snapshots.version) beside alerts_changed_at and overrides_changed_at: the account page keeps its timeline under
-- that version with the rest of its data, and a logged call must show on it at once.
ALTER TABLE tenant_snapshot ADD COLUMN notes_changed_at timestamptz;
