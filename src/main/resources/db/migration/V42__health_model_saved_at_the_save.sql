-- A health-model version's created_at defaulted to now(), its transaction's start: an import carrying a
-- health-model.json that began before an editor's save and committed after it made the later version
-- look older, and a save that waited for the model's lock was dated before the wait. The version is now
-- dated when its row is written, as the audit log's entries are (clock_timestamp()).
ALTER TABLE health_model ALTER COLUMN created_at SET DEFAULT clock_timestamp();
