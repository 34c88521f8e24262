-- Voice: tickets opened by calls (idempotent per Asterisk call), outbound calls in the outbox,
-- the resident's rating, and tickets reopened when the resident says the work was not done.

ALTER TABLE tickets ADD COLUMN call_id text UNIQUE;
ALTER TABLE tickets ADD COLUMN rating_done boolean;
ALTER TABLE tickets ADD COLUMN rating_satisfaction int CHECK (rating_satisfaction BETWEEN 1 AND 5);
ALTER TABLE tickets ADD COLUMN rated_at timestamptz;
ALTER TABLE tickets ADD COLUMN reopened_at timestamptz;
ALTER TABLE tickets DROP CONSTRAINT IF EXISTS tickets_status_check;
ALTER TABLE tickets ADD CONSTRAINT tickets_status_check
    CHECK (status IN ('open', 'offered', 'accepted', 'done', 'escalated', 'closed', 'reopened'));

-- For channel 'call': the AGI script the answered call runs, and how the last try ended.
ALTER TABLE outbox ADD COLUMN script text;
ALTER TABLE outbox ADD COLUMN call_result text;
CREATE INDEX outbox_due_by_channel ON outbox (channel, next_attempt_at) WHERE status = 'pending';
