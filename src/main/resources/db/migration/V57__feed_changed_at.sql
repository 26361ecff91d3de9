-- A data-feed round that changed an account or usage marks the time, so it joins the version of what the pages show
-- (Snapshots.version) beside alerts_changed_at and overrides_changed_at: pages kept under the version before it
-- would show the accounts as they were until the round's recalculation ended, or for good if it failed.
ALTER TABLE tenant_snapshot ADD COLUMN feed_changed_at timestamptz;
