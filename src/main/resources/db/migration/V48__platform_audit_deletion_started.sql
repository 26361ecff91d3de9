-- A deletion was marked unfinished only when a step of it failed and said so: a server stopped in the
-- middle (or unable to write the failure down) left an organisation without its people that could be
-- resumed, and one being deleted could be resumed by a second operator in the meantime. The deletion
-- now records its start with the suspension, in the same transaction; only its end clears it.
ALTER TABLE platform_audit DROP CONSTRAINT platform_audit_action_check;
ALTER TABLE platform_audit ADD CONSTRAINT platform_audit_action_check CHECK (action IN ('tenant_created',
    'tenant_suspended', 'tenant_resumed', 'tenant_deleted', 'tenant_deletion_failed', 'tenant_deletion_started'));
