CREATE TABLE signing_key_state (
    kid                VARCHAR(64) NOT NULL PRIMARY KEY,
    algorithm          VARCHAR(8)  NOT NULL,
    state              VARCHAR(16) NOT NULL,
    first_published_at TIMESTAMP WITH TIME ZONE NOT NULL,
    activated_at       TIMESTAMP WITH TIME ZONE,
    retired_at         TIMESTAMP WITH TIME ZONE,
    published_until    TIMESTAMP WITH TIME ZONE
);
