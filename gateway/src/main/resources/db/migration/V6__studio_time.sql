-- Every ticket has a clock (issue 11): one studio clock for every decision and every timestamp,
-- the state owner's columns (holds, escalation steps with their budgets, deadlines and their
-- reminders, how a ticket was closed), and offers that know the step that made them.

-- The studio clock is the database server's clock, shifted: `configured` comes from the
-- gateway's clock.offset setting (for rehearsals and tests, zero in production), `advanced` is
-- moved by tests that simulate the passing of time. Every node reads the same clock, and so does
-- every row's timestamp. Leases between nodes keep the server's now(): they coordinate
-- processes, not residents' time.
CREATE TABLE studio_clock (
    one        boolean  PRIMARY KEY DEFAULT true CHECK (one),
    configured interval NOT NULL DEFAULT '0',
    advanced   interval NOT NULL DEFAULT '0'
);
INSERT INTO studio_clock DEFAULT VALUES;

CREATE FUNCTION studio_now() RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE AS
    $$ SELECT now() + configured + advanced FROM studio_clock $$;

ALTER TABLE volunteer_groups   ALTER COLUMN created_at      SET DEFAULT studio_now();
ALTER TABLE residents          ALTER COLUMN created_at      SET DEFAULT studio_now();
ALTER TABLE volunteers         ALTER COLUMN created_at      SET DEFAULT studio_now();
ALTER TABLE tickets            ALTER COLUMN created_at      SET DEFAULT studio_now();
ALTER TABLE ticket_events      ALTER COLUMN at              SET DEFAULT studio_now();
ALTER TABLE offers             ALTER COLUMN created_at      SET DEFAULT studio_now();
ALTER TABLE outbox             ALTER COLUMN next_attempt_at SET DEFAULT studio_now();
ALTER TABLE outbox             ALTER COLUMN created_at      SET DEFAULT studio_now();
ALTER TABLE sms_receipts       ALTER COLUMN received_at     SET DEFAULT studio_now();
ALTER TABLE inbound_messages   ALTER COLUMN received_at     SET DEFAULT studio_now();
ALTER TABLE inbound_parts      ALTER COLUMN received_at     SET DEFAULT studio_now();
ALTER TABLE points_ledger      ALTER COLUMN at              SET DEFAULT studio_now();
ALTER TABLE operator_audit     ALTER COLUMN at              SET DEFAULT studio_now();

-- 'held': nobody may be offered the ticket before held_until (quiet hours, or a routing rule
-- that failed and is retried then).
ALTER TABLE tickets DROP CONSTRAINT IF EXISTS tickets_status_check;
ALTER TABLE tickets ADD CONSTRAINT tickets_status_check
    CHECK (status IN ('open', 'held', 'offered', 'escalated', 'accepted', 'done', 'closed', 'reopened'));
UPDATE tickets SET status = 'held' WHERE status = 'open' AND held_until IS NOT NULL;

ALTER TABLE tickets
    -- when the current escalation step began: its budget counts from here
    ADD COLUMN step_started_at timestamptz,
    -- when the volunteer was reminded of the deadline
    ADD COLUMN reminded_at     timestamptz,
    -- why a closed ticket was closed: solved (counts as done when the resident confirmed), duplicate, withdrawn, unreachable
    ADD COLUMN close_kind      text CHECK (close_kind IN ('solved', 'duplicate', 'withdrawn', 'unreachable')),
    -- who closed it ('operator:…', 'duty_phone:…')
    ADD COLUMN closed_by       text,
    -- how the rating came in: call, sms, operator
    ADD COLUMN rating_channel  text CHECK (rating_channel IN ('call', 'sms', 'operator'));

ALTER TABLE offers
    -- the escalation step the offer was made at (null for offers made before this migration)
    ADD COLUMN step text,
    -- an accept or decline must come while the offer is pending; answered_by says through what
    ADD COLUMN answered_by text;
CREATE INDEX offers_pending_by_ticket ON offers (ticket_id) WHERE status = 'pending';
CREATE INDEX tickets_open_by_resident ON tickets (resident_id) WHERE status IN ('open', 'held', 'offered', 'escalated', 'accepted');
CREATE INDEX tickets_open_by_requester ON tickets (requester_phone) WHERE status IN ('open', 'held', 'offered', 'escalated', 'accepted');

-- Requests come from more places than texts and calls: the studio's desk (a request heard in
-- person), a grid worker's report (上报), a schedule (one-to-one help) and a check-in call.
ALTER TABLE tickets DROP CONSTRAINT IF EXISTS tickets_channel_check;
ALTER TABLE tickets ADD CONSTRAINT tickets_channel_check
    CHECK (channel IN ('sms', 'voice', 'desk', 'grid', 'schedule', 'checkin'));
ALTER TABLE tickets DROP CONSTRAINT IF EXISTS tickets_kind_check;
ALTER TABLE tickets ADD CONSTRAINT tickets_kind_check CHECK (kind IN ('request', 'callback', 'report', 'check_on'));
