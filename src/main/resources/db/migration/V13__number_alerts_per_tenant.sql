-- Alert ids are numbered per tenant (1, 2, 3, … within each tenant) instead of drawn from one
-- sequence shared by every tenant, from which a tenant could read how many alerts the others get.
-- Alerts are inserted only by a recalculation's sync, which runs one at a time per tenant, so the
-- next id is the tenant's highest plus one. Existing ids stay as they are (unique per tenant too).
ALTER TABLE alert ALTER COLUMN id DROP IDENTITY IF EXISTS;
