-- The recalculation that wrote the churn drivers' sample. Since a run that builds on the previous one
-- writes the sample only when it changed (an events feed's round of the current month leaves it as it
-- was), the suggested weights worked out from it stay valid across such runs: the search (about 1 s
-- at 10,000 accounts) is kept until the sample itself is written again, not until the next run.
-- Rows written before this column existed have it null: their sample is their run's.
ALTER TABLE tenant_snapshot ADD COLUMN driver_sample_written_by bigint;
