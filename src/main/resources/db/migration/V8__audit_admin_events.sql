-- Admin events (clients, grants, keys) share the log with token requests.
ALTER TABLE audit_event ADD COLUMN kind VARCHAR(16) DEFAULT 'token' NOT NULL;
ALTER TABLE audit_event ADD COLUMN action VARCHAR(64);
ALTER TABLE audit_event ADD COLUMN target VARCHAR(4096);
ALTER TABLE audit_event ADD COLUMN details VARCHAR(262144);
ALTER TABLE audit_event ALTER COLUMN profile DROP NOT NULL;
