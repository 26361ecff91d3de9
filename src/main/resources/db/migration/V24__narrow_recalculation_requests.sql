-- Incremental recalculation: a request may be narrowed to what its change touched, the first month
-- whose inputs changed and the accounts whose inputs changed. Both null: everything. Requests that
-- coalesce merge their narrowing (the earliest month, the union of the accounts); one that is not
-- narrowed widens the pending request to everything. `scope` records what a run did ('full' or
-- 'incremental') and why, for operators and tests.
ALTER TABLE recalculation
  ADD COLUMN changed_from     date,
  ADD COLUMN changed_accounts text[],
  ADD COLUMN scope            text,
  ADD CONSTRAINT recalculation_narrowing_whole CHECK ((changed_from IS NULL) = (changed_accounts IS NULL));
