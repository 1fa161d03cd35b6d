-- GET /admin/audit by subject and by document walks an index newest first instead of the whole table.
-- (PostgreSQL builds the same indexes concurrently, in db/vendor/postgresql.)
CREATE INDEX IF NOT EXISTS audit_event_caller ON audit_event (caller_id, id);
CREATE INDEX IF NOT EXISTS audit_event_user ON audit_event (user_id, id);
CREATE INDEX IF NOT EXISTS audit_event_target ON audit_event (target, id);
CREATE INDEX IF NOT EXISTS audit_event_document ON audit_event (document_id, id);
