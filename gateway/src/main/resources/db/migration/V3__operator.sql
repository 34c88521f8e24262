-- The operator side: who closed or reopened a ticket, the residents' ratings (评单), and an
-- audit trail of every operator action, including those that touch no ticket (roster edits,
-- exports, reading a recording).

ALTER TABLE tickets ADD COLUMN closed_at   timestamptz;
ALTER TABLE tickets ADD COLUMN reopened_at timestamptz;
ALTER TABLE tickets ADD COLUMN reopen_count int NOT NULL DEFAULT 0;

-- One rating per ticket (the follow-up call or the studio's own 回访); a later answer replaces it.
CREATE TABLE ticket_ratings (
    ticket_id    bigint PRIMARY KEY REFERENCES tickets (id),
    done         boolean     NOT NULL,
    satisfaction int CHECK (satisfaction BETWEEN 1 AND 5),
    source       text        NOT NULL,
    rated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_ratings_at ON ticket_ratings (rated_at);

CREATE TABLE operator_audit (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    operator text        NOT NULL,
    action   text        NOT NULL,
    target   text        NOT NULL DEFAULT '',
    detail   jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX operator_audit_at ON operator_audit (at);

CREATE INDEX tickets_created_at ON tickets (created_at);
CREATE INDEX points_ledger_at ON points_ledger (at);
