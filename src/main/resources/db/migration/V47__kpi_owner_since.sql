-- A KPI never reviewed was due one cadence after its row was last saved (updated_at): changing only
-- its cadence moved that date, so an overdue review nobody did disappeared. The day the current owner
-- was given the KPI is kept apart; a review is due one cadence after the later of it and the last review.
-- Rows from before get the day that gives each exactly the due date it had: its last review, else its
-- last save (the later of the two would count a cadence changed after a review as a new start).
ALTER TABLE kpi_owner ADD COLUMN owner_since date;
UPDATE kpi_owner SET owner_since = coalesce(reviewed_on, (updated_at AT TIME ZONE 'UTC')::date)
 WHERE owner_email IS NOT NULL;
