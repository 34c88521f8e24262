-- A long text goes out as parts that share a concatenation reference, the row's id's low 8 bits
-- (V16). Two long texts to one phone whose ids share those bits, both begun and neither whole
-- (the SMSC throttled a part of the first), are put together by the phone as one text of the
-- first's beginning and the second's end, and the other way round: both offers are lost to the
-- volunteer (the fault suite's throttling minute lost 2-3 offers a run so). The outbox therefore
-- does not begin a long text while another to the same phone under the same reference is begun
-- and not sent (OutboxSender's claim). This index finds those other texts.
CREATE INDEX outbox_long_unfinished ON outbox (recipient, id)
    WHERE status IN ('pending', 'sending') AND length(body) > 70;
