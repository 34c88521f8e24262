-- Plugins (issue 4): on-call schedules, escalation through the three triage levels, duty
-- phones, confidential tickets and tickets held for quiet hours.

-- Weekly on-call shifts in the studio's time zone. ends <= starts: the shift runs past
-- midnight into the next day (Sunday night into Monday morning included).
CREATE TABLE volunteer_shifts (
    id           bigserial PRIMARY KEY,
    volunteer_id bigint   NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    day_of_week  smallint NOT NULL CHECK (day_of_week BETWEEN 1 AND 7), -- ISO: 1 = Monday
    starts       time     NOT NULL,
    ends         time     NOT NULL
);
CREATE INDEX volunteer_shifts_volunteer ON volunteer_shifts (volunteer_id);

-- Leave (off call despite a shift) and extra duty (on call without one, holidays included).
CREATE TABLE volunteer_exceptions (
    id           bigserial PRIMARY KEY,
    volunteer_id bigint      NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL CHECK (ends_at > starts_at),
    kind         text        NOT NULL CHECK (kind IN ('leave', 'extra_duty')),
    reason       text        NOT NULL DEFAULT ''
);
CREATE INDEX volunteer_exceptions_volunteer ON volunteer_exceptions (volunteer_id, ends_at);

-- Phones that escalation steps text: the village committee of each village, and the
-- township centre (village = ''). A village-specific row wins over the township-wide one.
CREATE TABLE duty_phones (
    id      bigserial PRIMARY KEY,
    kind    text NOT NULL,
    village text NOT NULL DEFAULT '',
    name    text NOT NULL,
    phone   text NOT NULL,
    UNIQUE (kind, village)
);

ALTER TABLE tickets
    ADD COLUMN confidential    boolean NOT NULL DEFAULT false,
    -- the triage level reached by escalation: private, village or township (null until escalated)
    ADD COLUMN level           text CHECK (level IN ('private', 'village', 'township')),
    -- the id of the escalation step the ticket is at, as the escalation policy named it
    ADD COLUMN escalation_step text,
    -- quiet hours: nobody is offered the ticket before this time
    ADD COLUMN held_until      timestamptz;

CREATE INDEX timers_ticket ON timers (ticket_id) WHERE status = 'pending';
