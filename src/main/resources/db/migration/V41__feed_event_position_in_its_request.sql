-- A request's events are inserted in messageId order (two requests with the same ids then lock them in
-- the same order and cannot deadlock), so seq no longer follows the order they were sent in, and two
-- group calls of one account in one batch were merged in messageId order: with Segment's random ids,
-- either could win. Each event now keeps its position in its request; a round merges an account's
-- group calls by (received_at, pos, seq), so the later call of a batch wins. Rows staged before this
-- migration have no position and keep the old order.
ALTER TABLE feed_event ADD COLUMN pos integer;
