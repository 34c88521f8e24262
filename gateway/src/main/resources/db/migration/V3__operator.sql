-- The operator side: when a ticket was closed and how often reopened (reopened_at and the
-- ratings come with V4), and an audit trail of every operator action, including those that
-- touch no ticket (roster edits, exports, reading a recording).

ALTER TABLE tickets ADD COLUMN closed_at   timestamptz;
ALTER TABLE tickets ADD COLUMN reopen_count int NOT NULL DEFAULT 0;

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
