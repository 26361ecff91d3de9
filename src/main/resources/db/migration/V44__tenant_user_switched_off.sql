-- A member switched off (on /admin/team, or found so by the directory's synchronisation) was forgotten:
-- their tenant_user row deleted. But their access token lives on for up to five minutes, and any
-- request in that time recorded them again, as a recipient of digests and alert emails until the next
-- synchronisation; and their notification settings went with the row (ON DELETE CASCADE), so a member
-- enabled again came back with every notification off. The row now stays, marked: whoever is marked gets
-- nothing, whatever their token says, until they are enabled again (on /admin/team, or in Keycloak, as
-- the synchronisation finds), and then what their settings say.
ALTER TABLE tenant_user ADD COLUMN switched_off_at timestamptz;
