-- How far a long text got when its send stopped part way (the SMSC throttled a part, the bind
-- dropped): per part, the message id the SMSC gave it, NULL for a part still to send. The retry
-- sends only the missing parts, under the text's own concatenation reference (the row id's low
-- 8 bits), so the phone puts together one text instead of showing the first parts twice.
ALTER TABLE outbox ADD COLUMN parts_sent text[];
