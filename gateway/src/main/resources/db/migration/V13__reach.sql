-- Reaching every resident (issue 14): broadcasts called to every resident of a village, the
-- one-to-one help ledger (一对一帮扶台账) of recurring work, check-in calls, and the volunteers
-- who chose to be rung for urgent offers.

-- A volunteer or leader who wants an urgent offer rung through, not only texted.
ALTER TABLE volunteers ADD COLUMN ring_urgent boolean NOT NULL DEFAULT false;

-- Calls that are not about a ticket (a broadcast's notice, a check-in): each outbox row is one
-- try of one subject (a broadcast's recipient, a check-in), so a try is placed at most once
-- whatever happens to the node placing it. keep_quiet: the call waits while quiet hours last
-- (every one but an emergency broadcast's). call_key: the key the resident pressed.
ALTER TABLE outbox
    ADD COLUMN reach_kind text CHECK (reach_kind IN ('broadcast', 'checkin')),
    ADD COLUMN reach_id   bigint,
    ADD COLUMN try_no     int,
    ADD COLUMN keep_quiet boolean NOT NULL DEFAULT true,
    ADD COLUMN call_key   text,
    ADD CONSTRAINT outbox_reach_complete CHECK (reach_kind IS NULL OR (reach_id IS NOT NULL AND try_no IS NOT NULL));
CREATE UNIQUE INDEX outbox_one_row_per_try ON outbox (reach_kind, reach_id, try_no) WHERE reach_kind IS NOT NULL;
CREATE INDEX outbox_reach_pending ON outbox (keep_quiet, id) WHERE status = 'pending' AND reach_kind IS NOT NULL;
CREATE INDEX outbox_calls_in_flight ON outbox (claimed_by) WHERE status = 'sending' AND channel = 'call';
-- A try taken back before it was placed (its broadcast was cancelled).
ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check
    CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'failed', 'withdrawn'));

-- The sound of a notice: words spoken by espeak-ng, or a recording converted by sox, as 8 kHz
-- mono 16-bit WAV in broadcast.notice-dir, which Asterisk plays from the same path.
CREATE TABLE broadcast_audio (
    id         bigserial PRIMARY KEY,
    kind       text        NOT NULL CHECK (kind IN ('speech', 'recording')),
    path       text        NOT NULL,
    seconds    numeric     NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT studio_now()
);

CREATE TABLE broadcasts (
    id              bigserial PRIMARY KEY,
    title           text        NOT NULL,
    -- the notice's words: spoken (speech) and texted to whoever the calls did not reach
    text            text        NOT NULL,
    audio_id        bigint      NOT NULL REFERENCES broadcast_audio (id),
    emergency       boolean     NOT NULL,
    -- who: {villages, villageGroups, livesAlone, residentIds, everyone}, resolved when it starts
    audience        jsonb       NOT NULL,
    status          text        NOT NULL CHECK (status IN ('scheduled', 'running', 'done', 'cancelled')),
    -- the retry settings in force when it was made, so a running broadcast keeps them
    max_tries       int         NOT NULL CHECK (max_tries >= 1),
    retry_interval  interval    NOT NULL,
    starts_at       timestamptz NOT NULL,
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT studio_now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    cancelled_by    text,
    cancel_reason   text,
    leaders_told_at timestamptz
);
CREATE INDEX broadcasts_by_status ON broadcasts (status, id);

-- One row per phone a broadcast calls (residents sharing a phone get one call).
CREATE TABLE broadcast_recipients (
    id            bigserial PRIMARY KEY,
    broadcast_id  bigint      NOT NULL REFERENCES broadcasts (id),
    resident_id   bigint      NOT NULL REFERENCES residents (id),
    phone         text        NOT NULL,
    name          text        NOT NULL,
    village       text        NOT NULL,
    village_group text        NOT NULL,
    -- queued: a try is waiting or on the line; heard: pressed 1; not_reached: every try failed
    status        text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'heard', 'not_reached', 'cancelled')),
    tries         int         NOT NULL DEFAULT 0,
    last_result   text,
    heard_at      timestamptz,
    texted_at     timestamptz,
    finished_at   timestamptz,
    UNIQUE (broadcast_id, phone)
);
CREATE INDEX broadcast_recipients_by_status ON broadcast_recipients (broadcast_id, status);

-- The one-to-one help ledger: recurring work for a resident, with the volunteer paired with
-- them. schedule is the structured schedule (see recurring.Schedule), schedule_text the words
-- it is shown as (每月5日, 每周二上午, 每两周).
CREATE TABLE help_items (
    id            bigserial PRIMARY KEY,
    resident_id   bigint      NOT NULL REFERENCES residents (id),
    label         text        NOT NULL,
    category      text        NOT NULL,
    volunteer_id  bigint REFERENCES volunteers (id),
    schedule      jsonb       NOT NULL,
    schedule_text text        NOT NULL,
    starts_on     date        NOT NULL,
    notes         text        NOT NULL DEFAULT '',
    active        boolean     NOT NULL DEFAULT true,
    -- the occurrence the pending timer is for: the date it names, the date it opens (null: skipped,
    -- a holiday), when its timer fires, and why it moved or is skipped
    next_nominal  date,
    next_opens_on date,
    next_at       timestamptz,
    next_reason   text,
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT studio_now()
);
CREATE INDEX help_items_resident ON help_items (resident_id);

-- Every occurrence, opened or skipped (a holiday): nothing due is dropped without a row.
CREATE TABLE help_occurrences (
    id         bigserial PRIMARY KEY,
    item_id    bigint      NOT NULL REFERENCES help_items (id),
    -- the date the schedule names, and the date it opened after the holiday rule
    nominal_on date        NOT NULL,
    opens_on   date,
    status     text        NOT NULL CHECK (status IN ('opened', 'skipped')),
    reason     text        NOT NULL DEFAULT '',
    due_at     timestamptz NOT NULL,
    opened_at  timestamptz NOT NULL DEFAULT studio_now(),
    ticket_id  bigint UNIQUE REFERENCES tickets (id),
    missed_at  timestamptz,
    UNIQUE (item_id, nominal_on)
);

-- Check-in calls: who gets them and when, and the result of every one.
CREATE TABLE checkin_plans (
    id            bigserial PRIMARY KEY,
    resident_id   bigint      NOT NULL UNIQUE REFERENCES residents (id),
    schedule      jsonb       NOT NULL,
    schedule_text text        NOT NULL,
    -- opt_in: asked for through the API; living_alone: made for everyone living alone (checkin.who)
    source        text        NOT NULL CHECK (source IN ('opt_in', 'living_alone')),
    active        boolean     NOT NULL DEFAULT true,
    next_due_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT studio_now()
);

CREATE TABLE checkins (
    id          bigserial PRIMARY KEY,
    plan_id     bigint      NOT NULL REFERENCES checkin_plans (id),
    resident_id bigint      NOT NULL REFERENCES residents (id),
    phone       text        NOT NULL,
    due_at      timestamptz NOT NULL,
    -- calling: a try waits or is on the line; ok: pressed 1; help: pressed 2 (an urgent ticket);
    -- missed: no key after every try (an urgent check-on ticket, the family texted)
    status      text        NOT NULL DEFAULT 'calling' CHECK (status IN ('calling', 'ok', 'help', 'missed', 'cancelled')),
    tries       int         NOT NULL DEFAULT 0,
    last_result text,
    answered_at timestamptz,
    ticket_id   bigint REFERENCES tickets (id),
    finished_at timestamptz,
    UNIQUE (plan_id, due_at)
);
CREATE INDEX checkins_by_resident ON checkins (resident_id, due_at);

-- The ledger as the studio reads it and the month's 晒单 counts it: one row per occurrence with
-- what became of it. paired_answer: what the paired volunteer did with the offer made to them
-- first (accepted, declined, expired, withdrawn; none when they were not asked). outcome: done
-- (the work was reported done, or closed as solved), in_progress, missed (not done within
-- ledger.missed-after of opening, or closed otherwise), skipped (a holiday).
CREATE VIEW help_ledger AS
SELECT o.id AS occurrence_id, i.id AS item_id, i.label, i.category, i.schedule_text,
       r.id AS resident_id, r.name AS resident_name, r.village, r.village_group,
       i.volunteer_id AS paired_volunteer_id, pv.name AS paired_volunteer_name,
       o.nominal_on, o.opens_on, o.due_at, o.status AS occurrence_status, o.reason,
       to_char(o.nominal_on, 'YYYY-MM') AS month,
       t.code AS ticket_code, t.status AS ticket_status, t.accepted_by, av.name AS accepted_by_name,
       t.done_at, t.closed_at, t.close_kind,
       coalesce((SELECT f.status FROM offers f WHERE f.ticket_id = t.id AND f.step = 'one-to-one'
                 ORDER BY f.id LIMIT 1), 'none') AS paired_answer,
       CASE
           WHEN o.status = 'skipped' THEN 'skipped'
           WHEN t.done_at IS NOT NULL OR t.close_kind = 'solved' THEN 'done'
           WHEN t.status = 'closed' THEN 'missed'
           WHEN o.missed_at IS NOT NULL AND studio_now() >= o.missed_at THEN 'missed'
           ELSE 'in_progress'
       END AS outcome
FROM help_occurrences o
JOIN help_items i ON i.id = o.item_id
JOIN residents r ON r.id = i.resident_id
LEFT JOIN volunteers pv ON pv.id = i.volunteer_id
LEFT JOIN tickets t ON t.id = o.ticket_id
LEFT JOIN volunteers av ON av.id = t.accepted_by;
