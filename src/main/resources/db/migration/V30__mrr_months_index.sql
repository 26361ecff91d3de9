-- Every recalculation starts by asking for the tenant's first and last month of MRR. The key
-- (tenant_id, account_id, month) cannot answer that, so the query read the tenant's whole MRR
-- partition: 45-65 ms at 10,000 accounts x 24 months in psql, up to 150 ms beside an import, on
-- every run, the events feed's rounds included. This index answers it from its two ends in well
-- under a millisecond. A tenant's first load builds it with the key when its partition is attached.
CREATE INDEX mrr_month ON mrr (tenant_id, month);
