-- The version of what the pages show (Snapshots.version) names the tenant's latest applied import, and every page now
-- reads that version with its freshness badge (Snapshots.freshness): its newest applied batch straight from an index,
-- not from a read of every batch the tenant ever sent.
CREATE INDEX import_batch_applied ON import_batch (tenant_id, finished_at DESC) WHERE status = 'applied';
