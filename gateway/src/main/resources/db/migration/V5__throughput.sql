-- Indexes the hot paths need (issue 5's benchmark found them missing).

-- An SMSC delivers a text again when its deliver_sm_resp was lost (a node died right after the
-- commit); intake finds the ticket the first delivery made by sender and text.
CREATE INDEX tickets_requester_recent ON tickets (requester_phone, created_at);

-- The outbox claim takes the oldest pending rows first. Without this index it walked the whole
-- table in id order, sent rows included, on every claim: its cost grew with every text ever sent.
CREATE INDEX outbox_pending_by_id ON outbox (id) WHERE status = 'pending';

-- Routing reads, for every candidate of every ticket, when they were last offered something and
-- how many offers they let pass lately. Without these it scanned every offer ever made once per
-- volunteer per ticket: routing slowed down with every ticket served.
CREATE INDEX offers_by_volunteer ON offers (volunteer_id, created_at);
CREATE INDEX offers_passed_by_volunteer ON offers (volunteer_id, created_at) WHERE status IN ('declined', 'expired');
