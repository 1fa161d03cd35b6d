-- Expand and contract (docs/operations.md, "Upgrading"): the oldest release that can still run on this database.
-- A migration that contracts (drops or renames a table, column or constraint an older release reads or writes)
-- raises it in the same file, and release.properties' oldest-compatible-release with it; a release older than the
-- value refuses to start here rather than fail on the first missing column.
CREATE TABLE schema_compatibility (
    id INT NOT NULL PRIMARY KEY,
    oldest_release VARCHAR(32) NOT NULL
);
INSERT INTO schema_compatibility (id, oldest_release) VALUES (1, '1.0.0');
