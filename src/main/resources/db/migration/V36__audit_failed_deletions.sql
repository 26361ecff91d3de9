-- A tenant's deletion removes its people at the identity provider first, then its rows in one transaction.
-- When that transaction fails (a deadlock with one of the tenant's requests, say), the platform log now
-- records the attempt: the tenant is left suspended, without its users, and a repeat finishes it.
ALTER TABLE platform_audit DROP CONSTRAINT platform_audit_action_check;
ALTER TABLE platform_audit ADD CONSTRAINT platform_audit_action_check CHECK (action IN ('tenant_created',
    'tenant_suspended', 'tenant_resumed', 'tenant_deleted', 'tenant_deletion_failed'));
