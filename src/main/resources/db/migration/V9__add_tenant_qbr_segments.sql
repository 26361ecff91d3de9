-- The segments whose accounts are expected to hold a QBR every 90 days (overdue QBRs, docs/metrics.md);
-- the tenant chooses them among its own segment words. The tenant table's grants and row-level
-- security (V1) cover the new column.
ALTER TABLE tenant ADD COLUMN qbr_segments text[] NOT NULL DEFAULT '{Enterprise,Mid-Market}';
