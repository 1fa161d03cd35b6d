-- GET /admin/audit by subject and by document walks an index newest first instead of the whole table.
-- CONCURRENTLY: building them on a large audit table must not stop the replicas that keep issuing (and so
-- writing to it) during a rolling upgrade; V10__audit_lookup_indexes.sql.conf runs this outside a transaction.
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_event_caller ON audit_event (caller_id, id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_event_user ON audit_event (user_id, id) WHERE user_id IS NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_event_target ON audit_event (target, id) WHERE target IS NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_event_document ON audit_event (document_id, id) WHERE document_id IS NOT NULL;
