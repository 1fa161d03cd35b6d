CREATE TABLE access_grant (
    id                        VARCHAR(36)  NOT NULL PRIMARY KEY,
    subject                   VARCHAR(300) NOT NULL,
    document_pattern          VARCHAR(300) NOT NULL,
    layer                     VARCHAR(300),
    permissions               VARCHAR(200) NOT NULL,
    collaboration_permissions VARCHAR(60000),
    default_group             VARCHAR(300),
    max_expires_in            BIGINT       NOT NULL,
    created_at                TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX access_grant_subject ON access_grant (subject);
