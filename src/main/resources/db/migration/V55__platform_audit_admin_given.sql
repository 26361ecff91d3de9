-- The operator may give a tenant an admin (operator/TenantAdmins): a first admin whose invitation ran out, or
-- a member made admin when the tenant's admins have all left. It goes in the platform log like the rest.
ALTER TABLE platform_audit DROP CONSTRAINT platform_audit_action_check;
ALTER TABLE platform_audit ADD CONSTRAINT platform_audit_action_check CHECK (action IN ('tenant_created',
    'tenant_suspended', 'tenant_resumed', 'tenant_deleted', 'tenant_deletion_failed', 'tenant_deletion_started',
    'admin_given'));
