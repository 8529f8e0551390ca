-- The console's tables, written to run unchanged on PostgreSQL and on H2 (PostgreSQL mode).
-- Times are Unix epoch milliseconds; lists are JSON arrays in text columns.

CREATE TABLE console_settings (
    setting_name  VARCHAR(100) PRIMARY KEY,
    setting_value TEXT NOT NULL
);

CREATE TABLE users (
    id            VARCHAR(40)  PRIMARY KEY,
    email         VARCHAR(320) NOT NULL UNIQUE,
    password_hash VARCHAR(255) NOT NULL,
    role          VARCHAR(20)  NOT NULL,
    created_at    BIGINT       NOT NULL
);

-- API products of the developer portal: an API, the policy its keys get, and what the catalogue shows.
CREATE TABLE products (
    id               VARCHAR(40)  PRIMARY KEY,
    name             VARCHAR(200) NOT NULL,
    description      TEXT         NOT NULL,
    api_id           VARCHAR(200) NOT NULL,
    policy_id        VARCHAR(200) NOT NULL,
    published        BOOLEAN      NOT NULL,
    webhooks_enabled BOOLEAN      NOT NULL,
    events           TEXT         NOT NULL,
    example_message  TEXT         NOT NULL,
    created_at       BIGINT       NOT NULL
);

CREATE TABLE apps (
    id         VARCHAR(40)  PRIMARY KEY,
    owner_id   VARCHAR(40)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       VARCHAR(200) NOT NULL,
    created_at BIGINT       NOT NULL
);

-- Keys issued to an app; the key itself lives in the gateway's storage, only its hash is kept here.
CREATE TABLE app_keys (
    id         VARCHAR(40)  PRIMARY KEY,
    app_id     VARCHAR(40)  NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    product_id VARCHAR(40)  NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    key_hash   VARCHAR(200) NOT NULL,
    created_at BIGINT       NOT NULL
);

CREATE TABLE subscriptions (
    id         VARCHAR(40) PRIMARY KEY,
    app_id     VARCHAR(40) NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    url        TEXT        NOT NULL,
    secret     TEXT        NOT NULL,
    events     TEXT        NOT NULL,
    active     BOOLEAN     NOT NULL,
    created_at BIGINT      NOT NULL
);

-- What portal_webhook outputs handed over, as subscribers receive it.
CREATE TABLE events (
    id          VARCHAR(40)  PRIMARY KEY,
    event_type  VARCHAR(200) NOT NULL,
    body        TEXT         NOT NULL,
    received_at BIGINT       NOT NULL
);

-- One event for one subscription: pending (due at next_attempt_at), delivered, or dead (the dead-letter list).
CREATE TABLE deliveries (
    id              VARCHAR(40) PRIMARY KEY,
    subscription_id VARCHAR(40) NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    event_id        VARCHAR(40) NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    status          VARCHAR(20) NOT NULL,
    attempts        INT         NOT NULL,
    next_attempt_at BIGINT      NOT NULL,
    claimed_until   BIGINT      NOT NULL,
    last_error      TEXT,
    created_at      BIGINT      NOT NULL,
    updated_at      BIGINT      NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_of_subscription ON deliveries (subscription_id, id);

-- The delivery log: every attempt with its outcome. A replay from the dead-letter list starts a new round of
-- attempts (attempt counts from 1 again); the log keeps the earlier rounds.
CREATE TABLE delivery_attempts (
    id           VARCHAR(40) PRIMARY KEY,
    delivery_id  VARCHAR(40) NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    attempt      INT         NOT NULL,
    attempted_at BIGINT      NOT NULL,
    status_code  INT         NOT NULL,
    error        TEXT,
    duration_ms  BIGINT      NOT NULL
);
CREATE INDEX delivery_attempts_of_delivery ON delivery_attempts (delivery_id, attempted_at);
