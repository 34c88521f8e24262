-- The studio desk (issue 13): named operator accounts and their sign-in sessions, holidays the
-- desk edits (the schedules rule reads them with every routing decision), manual points entries
-- that count only once a second operator approves them, and the look-ups the desk's pages make.

-- People who sign in at /desk/. The password is an Argon2id hash (PHC string); the scopes are
-- the API tokens' ones. Repeated failures lock the account until locked_until (studio clock).
CREATE TABLE operators (
    id                  bigserial PRIMARY KEY,
    name                text        NOT NULL,
    password_hash       text        NOT NULL,
    scopes              text[]      NOT NULL DEFAULT '{}',
    active              boolean     NOT NULL DEFAULT true,
    failed_attempts     int         NOT NULL DEFAULT 0,
    locked_until        timestamptz,
    created_at          timestamptz NOT NULL DEFAULT studio_now(),
    created_by          text        NOT NULL,
    password_changed_at timestamptz NOT NULL DEFAULT studio_now(),
    last_sign_in_at     timestamptz,
    CONSTRAINT operators_name_key UNIQUE (name)
);

-- One row per sign-in. The browser holds a random token in an HttpOnly cookie; only its SHA-256
-- is stored, so a copy of this table signs nobody in. A session ends at sign-out (ended_at), when
-- it has not been used for the idle time, or at expires_at, whichever comes first.
CREATE TABLE operator_sessions (
    id           bigserial PRIMARY KEY,
    token_hash   bytea       NOT NULL UNIQUE,
    operator_id  bigint      NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    csrf_token   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT studio_now(),
    last_seen_at timestamptz NOT NULL DEFAULT studio_now(),
    expires_at   timestamptz NOT NULL,
    ended_at     timestamptz
);
CREATE INDEX operator_sessions_live ON operator_sessions (operator_id) WHERE ended_at IS NULL;

-- Days on which weekly on-call shifts do not apply (only extra duty counts), as ranges.
CREATE TABLE holidays (
    id        bigserial PRIMARY KEY,
    name      text NOT NULL,
    first_day date NOT NULL,
    last_day  date NOT NULL,
    CONSTRAINT holidays_check CHECK (last_day >= first_day AND last_day - first_day <= 366)
);
CREATE INDEX holidays_last_day ON holidays (last_day);

-- A base, reward or penalty entry an operator asks for; it reaches points_ledger (and counts)
-- only when another operator approves it.
CREATE TABLE points_requests (
    id            bigserial PRIMARY KEY,
    volunteer_id  bigint      NOT NULL REFERENCES volunteers (id),
    points        int         NOT NULL CHECK (points <> 0),
    kind          text        NOT NULL CHECK (kind IN ('base', 'reward', 'penalty')),
    reason        text        NOT NULL,
    requested_by  text        NOT NULL,
    requested_at  timestamptz NOT NULL DEFAULT studio_now(),
    status        text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by    text,
    decided_at    timestamptz,
    decision_note text        NOT NULL DEFAULT '',
    ledger_id     bigint REFERENCES points_ledger (id)
);
CREATE INDEX points_requests_by_status ON points_requests (status, id);

CREATE INDEX operator_audit_by_operator ON operator_audit (operator, id);
CREATE INDEX inbound_messages_ticket ON inbound_messages (ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX points_ledger_volunteer ON points_ledger (volunteer_id, id);
