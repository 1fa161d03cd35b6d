-- The profile a key signs for alone, or NULL for the shared key of its algorithm (every key before this release).
ALTER TABLE signing_key_state ADD COLUMN profile VARCHAR(64);
-- The profiles whose keys a consumer is sent (comma-separated), or NULL for every profile.
ALTER TABLE key_consumer ADD COLUMN profiles VARCHAR(1000);
-- A Document Engine verifies Instant tokens only: it is sent the instant profile's keys, not MoEngage's or Braze's.
UPDATE key_consumer SET profiles = 'instant' WHERE type = 'DOCUMENT_ENGINE';
