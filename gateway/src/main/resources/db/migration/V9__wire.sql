-- Long texts already made whole (or made of what arrived when their time ran out), remembered
-- for sms.concat-redelivery-window: the SMSC delivers a part again when our deliver_sm_resp was
-- lost (a node died after the commit, a slow commit), and that part must be known for what it
-- is, not taken for the first part of a new text that times out into a second ticket. The parts'
-- words are kept, by part number (NULL for a part that never came), so that a new text which
-- merely reuses the phone's 8-bit reference is not mistaken for a redelivery.
CREATE TABLE inbound_parts_done (
    sender       text        NOT NULL,
    ref          int         NOT NULL,
    total        int         NOT NULL,
    bodies       text[]      NOT NULL,
    completed_at timestamptz NOT NULL,
    PRIMARY KEY (sender, ref, total)
);
CREATE INDEX inbound_parts_done_by_age ON inbound_parts_done (completed_at);
