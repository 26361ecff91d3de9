-- An account's history may be kept in more than one row: each row holds a run of its active months
-- as arrays (V8), and `since`, the first of them, tells the rows apart. A full recalculation writes
-- one row per account, as before. When a recalculation leaves every stored month of an account as
-- it was and only adds later ones (next month's import), it appends a row with the new months
-- instead of rewriting the account's whole history: 10,000 small rows instead of 10,000 arrays of
-- two years. Readers go through the view account_month, which unnests every row and is unchanged.
ALTER TABLE account_history ADD COLUMN since date;
UPDATE account_history SET since = months[1];
ALTER TABLE account_history ALTER COLUMN since SET NOT NULL;
ALTER TABLE account_history DROP CONSTRAINT account_history_pkey;
ALTER TABLE account_history ADD CONSTRAINT account_history_pkey PRIMARY KEY (tenant_id, account_id, since);
ALTER TABLE account_history ADD CONSTRAINT account_history_since CHECK (since = months[1]);
