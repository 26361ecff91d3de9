-- A user switched off on /admin/team is forgotten (their tenant_user row deleted), so that no digest or
-- alert email reaches them. Their notification settings went with that row (ON DELETE CASCADE), so a
-- member enabled again came back with every notification off. The settings now belong to the tenant:
-- they stay, unread (the digest and alert queries join tenant_user), until the user signs in again.
ALTER TABLE notification_setting DROP CONSTRAINT notification_setting_tenant_id_username_fkey;
ALTER TABLE notification_setting ADD CONSTRAINT notification_setting_tenant_id_fkey
  FOREIGN KEY (tenant_id) REFERENCES tenant (id);
