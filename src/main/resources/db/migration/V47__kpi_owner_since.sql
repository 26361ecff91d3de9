-- A KPI never reviewed was due one cadence after its row was last saved (updated_at): changing only
-- its cadence moved that date, so an overdue review nobody did disappeared. The day the current owner
-- was given the KPI is kept apart; a review is due one cadence after the later of it and the last review.
-- Rows from before keep the best day known: their last save.
ALTER TABLE kpi_owner ADD COLUMN owner_since date;
UPDATE kpi_owner SET owner_since = (updated_at AT TIME ZONE 'UTC')::date WHERE owner_email IS NOT NULL;
