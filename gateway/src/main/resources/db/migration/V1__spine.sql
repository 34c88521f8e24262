-- The spine: roster, tickets with their audit trail, offers, the outbox, durable timers,
-- inbound SMS parts waiting for their siblings, and the points ledger.

CREATE TABLE volunteer_groups (
    id          bigserial PRIMARY KEY,
    code        text        NOT NULL UNIQUE,
    name        text        NOT NULL,
    village     text        NOT NULL,
    -- the village groups (村民小组) of `village` that this volunteer group serves
    serves      text[]      NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE residents (
    id            bigserial PRIMARY KEY,
    phone         text        NOT NULL UNIQUE,
    name          text        NOT NULL,
    village       text        NOT NULL,
    village_group text        NOT NULL,
    grid          text        NOT NULL DEFAULT '',
    lives_alone   boolean     NOT NULL DEFAULT false,
    notes         text        NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE family_contacts (
    id          bigserial PRIMARY KEY,
    resident_id bigint NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
    phone       text   NOT NULL,
    name        text   NOT NULL,
    relation    text   NOT NULL DEFAULT '',
    UNIQUE (resident_id, phone)
);
CREATE INDEX family_contacts_phone ON family_contacts (phone);

CREATE TABLE volunteers (
    id         bigserial PRIMARY KEY,
    phone      text        NOT NULL UNIQUE,
    name       text        NOT NULL,
    group_id   bigint      NOT NULL REFERENCES volunteer_groups (id),
    skills     text[]      NOT NULL DEFAULT '{}',
    is_leader  boolean     NOT NULL DEFAULT false,
    active     boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Ticket codes are short numbers people can read out on the phone; they never repeat.
CREATE SEQUENCE ticket_code_seq START 1001;

CREATE TABLE tickets (
    id              bigserial PRIMARY KEY,
    code            text        NOT NULL UNIQUE,
    channel         text        NOT NULL CHECK (channel IN ('sms', 'voice')),
    kind            text        NOT NULL DEFAULT 'request' CHECK (kind IN ('request', 'callback')),
    resident_id     bigint REFERENCES residents (id),
    requester_phone text        NOT NULL,
    on_behalf       boolean     NOT NULL DEFAULT false,
    registered      boolean     NOT NULL,
    category        text        NOT NULL,
    urgency         text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('open', 'offered', 'accepted', 'done', 'escalated', 'closed')),
    text            text        NOT NULL DEFAULT '',
    incomplete      boolean     NOT NULL DEFAULT false,
    recording       text,
    accepted_by     bigint REFERENCES volunteers (id),
    due_at          timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    accepted_at     timestamptz,
    done_at         timestamptz,
    escalated_at    timestamptz
);
CREATE INDEX tickets_status ON tickets (status, created_at);
CREATE INDEX tickets_accepted_by ON tickets (accepted_by) WHERE accepted_by IS NOT NULL;

CREATE TABLE ticket_events (
    id        bigserial PRIMARY KEY,
    ticket_id bigint      NOT NULL REFERENCES tickets (id),
    at        timestamptz NOT NULL DEFAULT now(),
    type      text        NOT NULL,
    actor     text        NOT NULL,
    detail    jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);

CREATE TABLE offers (
    id           bigserial PRIMARY KEY,
    ticket_id    bigint      NOT NULL REFERENCES tickets (id),
    volunteer_id bigint      NOT NULL REFERENCES volunteers (id),
    status       text        NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    answered_at  timestamptz,
    UNIQUE (ticket_id, volunteer_id)
);
CREATE INDEX offers_pending_by_volunteer ON offers (volunteer_id) WHERE status = 'pending';
CREATE INDEX offers_ticket ON offers (ticket_id);

CREATE TABLE outbox (
    id              bigserial PRIMARY KEY,
    channel         text        NOT NULL DEFAULT 'sms' CHECK (channel IN ('sms', 'call')),
    recipient       text        NOT NULL,
    body            text        NOT NULL,
    purpose         text        NOT NULL,
    ticket_id       bigint REFERENCES tickets (id),
    status          text        NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'failed')),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_by      text,
    claimed_until   timestamptz,
    parts           int,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    delivered_at    timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_claimed ON outbox (claimed_until) WHERE status = 'sending';
CREATE INDEX outbox_ticket ON outbox (ticket_id);

-- One row per SMSC message id (one per submitted segment), so a delivery receipt finds its
-- outbox row by primary key.
CREATE TABLE sms_segments (
    message_id   text PRIMARY KEY,
    outbox_id    bigint      NOT NULL REFERENCES outbox (id),
    part_no      int         NOT NULL
);
CREATE INDEX sms_segments_outbox ON sms_segments (outbox_id);

-- Receipts are kept by message id on their own: an SMSC may report delivery before the
-- sender has recorded the submit_sm_resp, and such a receipt must not be lost.
CREATE TABLE sms_receipts (
    message_id   text PRIMARY KEY,
    state        text        NOT NULL,
    error        text        NOT NULL DEFAULT '',
    received_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE timers (
    id        bigserial PRIMARY KEY,
    kind      text        NOT NULL,
    ticket_id bigint REFERENCES tickets (id),
    offer_id  bigint REFERENCES offers (id),
    ref       text,
    due_at    timestamptz NOT NULL,
    status    text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fired', 'cancelled')),
    fired_at  timestamptz
);
CREATE INDEX timers_due ON timers (due_at) WHERE status = 'pending';
CREATE UNIQUE INDEX timers_one_pending_per_ref ON timers (kind, ref) WHERE status = 'pending' AND ref IS NOT NULL;
CREATE INDEX timers_offer ON timers (offer_id) WHERE status = 'pending';

-- Every mobile-originated message as it arrived (after reassembly), and what became of it.
CREATE TABLE inbound_messages (
    id          bigserial PRIMARY KEY,
    sender      text        NOT NULL,
    body        text        NOT NULL,
    parts       int         NOT NULL DEFAULT 1,
    incomplete  boolean     NOT NULL DEFAULT false,
    handled_as  text        NOT NULL,
    ticket_id   bigint REFERENCES tickets (id),
    received_at timestamptz NOT NULL DEFAULT now()
);

-- Parts of a concatenated message waiting for their siblings. Durable, so a restart between
-- two parts loses nothing, and shared, so parts may arrive through different gateway nodes.
CREATE TABLE inbound_parts (
    id          bigserial PRIMARY KEY,
    sender      text        NOT NULL,
    ref         int         NOT NULL,
    total       int         NOT NULL,
    seq         int         NOT NULL,
    body        text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (sender, ref, total, seq)
);

CREATE TABLE points_ledger (
    id           bigserial PRIMARY KEY,
    volunteer_id bigint      NOT NULL REFERENCES volunteers (id),
    ticket_id    bigint REFERENCES tickets (id),
    points       int         NOT NULL,
    kind         text        NOT NULL,
    reason       text        NOT NULL DEFAULT '',
    at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX points_once_per_ticket ON points_ledger (volunteer_id, ticket_id, kind);
