-- When a person last set or removed a health band override. The account list shows an override's band
-- and mark, so it joins the version of what the pages show (Snapshots.version) beside alerts_changed_at.
ALTER TABLE tenant_snapshot ADD COLUMN overrides_changed_at timestamptz;
