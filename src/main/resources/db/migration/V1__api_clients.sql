CREATE TABLE api_client (
    id               VARCHAR(36)  NOT NULL PRIMARY KEY,
    name             VARCHAR(128) NOT NULL,
    max_permissions  VARCHAR(200) NOT NULL,
    documents        VARCHAR(60000) NOT NULL,
    max_expires_in   BIGINT       NOT NULL,
    may_set_password BOOLEAN      NOT NULL,
    key_hash         CHAR(64)     NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at       TIMESTAMP WITH TIME ZONE
);

CREATE UNIQUE INDEX api_client_key_hash ON api_client (key_hash);
