-- A key created from the integrations page remembers the form that asked for it: the answer shows the
-- secret (once, no redirect), so a reload posts the same form again, and must not make a second key.
ALTER TABLE ingest_key ADD COLUMN form_request uuid;
CREATE UNIQUE INDEX ingest_key_form_request ON ingest_key (tenant_id, form_request) WHERE form_request IS NOT NULL;
