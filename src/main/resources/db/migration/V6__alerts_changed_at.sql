-- When a person last acknowledged, snoozed or resolved one of the tenant's alerts. With
-- computed_at (recalculations) and the latest applied import it makes the version of what the
-- pages show, so a page built from them is reused exactly until one of the three changes.
ALTER TABLE tenant_snapshot ADD COLUMN alerts_changed_at timestamptz;
