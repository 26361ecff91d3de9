-- An address changed in the identity provider is written to tenant_user by the directory sync, but a
-- page the member kept open still carries the old address in its token (a token lives five minutes), and
-- its next request wrote that back until the following sync. The sync's time is kept: a request whose token
-- was issued before it does not overwrite the address the sync set.
ALTER TABLE tenant_user ADD COLUMN email_synced_at timestamptz;
