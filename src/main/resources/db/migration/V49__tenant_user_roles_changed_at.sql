-- A role changed on the team page is written to tenant_user at once, so mail follows it; but the member's
-- open session still carries the old role for the rest of its token's life, and its next request wrote
-- that back. The change's time is kept: for a quarter of an hour after it (longer than an access token
-- lives), a request's roles do not overwrite the ones the team page set.
ALTER TABLE tenant_user ADD COLUMN roles_changed_at timestamptz;
