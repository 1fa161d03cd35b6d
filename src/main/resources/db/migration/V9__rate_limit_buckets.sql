-- Token buckets of API clients and end users, shared by every replica on PostgreSQL (Bucket4j's
-- PostgreSQL backend). On H2 the table stays empty: one replica keeps its buckets in memory.
CREATE TABLE rate_limit_bucket (
    id         VARCHAR(1024) NOT NULL PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT,
    -- the advisory-lock id the bucket is updated under, derived from its id
    explicit_lock BIGINT
);
