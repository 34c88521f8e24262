-- What residents, their families and duty phones text about a request once it exists (issue 11):
-- follow-ups, "查询", "催一下", ratings by text, a duty phone's 办结. No new columns: follow-ups
-- and nudges are ticket events, a rating by text is the ticket's rating. These indexes serve the
-- look-ups every such text makes.

-- The SMSC's redelivery of any text (not only a request) is recognised by sender and body
-- within minutes; the silence chase asks the same of a volunteer's texts.
CREATE INDEX inbound_messages_sender_recent ON inbound_messages (sender, received_at);

-- A digit 1-5 is a rating when a rating request went to that phone.
CREATE INDEX outbox_rating_requests ON outbox (recipient) WHERE purpose IN ('rating_request', 'rating_fallback');

-- A duty phone may close only what was handed to it.
CREATE INDEX outbox_duty_phone ON outbox (recipient) WHERE purpose = 'duty_phone';

-- "查询" reports a resident's request done in the last week too, not only open ones.
CREATE INDEX tickets_by_resident ON tickets (resident_id, created_at) WHERE resident_id IS NOT NULL;
