-- "Send again" put a failed message's attempts back to 0 to give it a new round, so the outbox then said a
-- message tried nine times had been tried once. attempts now only grows (how many times sending was tried);
-- round_started_at_attempt is what it was when the current round began, and the worker's limit and waits count
-- the attempts since then.
ALTER TABLE outbox ADD COLUMN round_started_at_attempt integer NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD CONSTRAINT outbox_round_within_attempts CHECK (round_started_at_attempt BETWEEN 0 AND attempts);
