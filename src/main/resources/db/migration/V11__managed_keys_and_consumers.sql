-- Signing keys tokenmint generates itself. The private part is stored only wrapped by the key-encryption
-- key (AES key wrap with padding, RFC 5649), which lives in the keystore or on the PKCS#11 token, never here.
CREATE TABLE managed_key (
    kid             VARCHAR(64)   NOT NULL PRIMARY KEY,
    algorithm       VARCHAR(8)    NOT NULL,
    public_key      VARCHAR(2000) NOT NULL,
    wrapped_private VARCHAR(4000),
    kek_alias       VARCHAR(64)   NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    activate_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    destroyed_at    TIMESTAMP WITH TIME ZONE
);

-- Where public keys must be delivered: a Document Engine secrets API or a webhook. The credential (API
-- token or webhook signing secret) is sealed under the key-encryption key like the private keys.
CREATE TABLE key_consumer (
    id          VARCHAR(40)   NOT NULL PRIMARY KEY,
    name        VARCHAR(100)  NOT NULL,
    type        VARCHAR(20)   NOT NULL,
    url         VARCHAR(2000) NOT NULL,
    credential  VARCHAR(1000) NOT NULL,
    required    BOOLEAN       NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One delivery of one key to one consumer: ADD (the public key) or REMOVE (the notice that it is gone).
CREATE TABLE key_push (
    kid             VARCHAR(64)  NOT NULL,
    consumer_id     VARCHAR(40)  NOT NULL REFERENCES key_consumer (id) ON DELETE CASCADE,
    action          VARCHAR(10)  NOT NULL,
    state           VARCHAR(10)  NOT NULL,
    attempts        INTEGER      NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error      VARCHAR(300),
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (kid, consumer_id, action)
);
