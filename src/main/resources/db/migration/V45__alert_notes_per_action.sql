-- An account's timeline shows an alert opened, acknowledged and resolved, each with what was said
-- then. The alert kept one note, overwritten by every action (and extended by the engine's remark when
-- it resolved the alert), and a detail rewritten whenever a recalculation words it anew: every entry
-- showed the latest text, and the note given at the acknowledgement was lost once the alert was
-- resolved with another. Each action now keeps its own; `note` (the API's) and `detail` stay the
-- latest. Alerts from before keep what is known: their latest note for each action taken.
ALTER TABLE alert ADD COLUMN opened_detail text, ADD COLUMN acknowledged_note text, ADD COLUMN resolved_note text;
UPDATE alert SET opened_detail = detail,
                 acknowledged_note = CASE WHEN acknowledged_at IS NOT NULL THEN note END,
                 resolved_note = CASE WHEN resolved_at IS NOT NULL THEN note END;
