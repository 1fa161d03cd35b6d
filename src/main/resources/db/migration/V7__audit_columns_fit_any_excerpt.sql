-- Caller-supplied text is bounded by tokenmint (in UTF-8 bytes, which bounds every database's own unit),
-- so the columns no longer limit it: a value the application accepted can never fail a batch commit.
-- Widening a VARCHAR does not rewrite the table on PostgreSQL.
ALTER TABLE audit_event ALTER COLUMN caller_id SET DATA TYPE VARCHAR(4096);
ALTER TABLE audit_event ALTER COLUMN profile SET DATA TYPE VARCHAR(4096);
ALTER TABLE audit_event ALTER COLUMN document_id SET DATA TYPE VARCHAR(4096);
ALTER TABLE audit_event ALTER COLUMN layer SET DATA TYPE VARCHAR(4096);
ALTER TABLE audit_event ALTER COLUMN user_id SET DATA TYPE VARCHAR(4096);
ALTER TABLE audit_event ALTER COLUMN permissions SET DATA TYPE VARCHAR(4096);
ALTER TABLE audit_event ALTER COLUMN collaboration_permissions SET DATA TYPE VARCHAR(262144);
ALTER TABLE audit_event ALTER COLUMN remote_address SET DATA TYPE VARCHAR(4096);
ALTER TABLE audit_event ALTER COLUMN user_agent SET DATA TYPE VARCHAR(4096);

-- True when a refused request's values were cut to their excerpt.
ALTER TABLE audit_event ADD COLUMN truncated BOOLEAN DEFAULT FALSE NOT NULL;
