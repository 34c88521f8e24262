-- Routing reads every candidate's load, points this month and recent service on every ticket
-- (issue 15). Computed from tickets, offers and the points ledger, that was eight subqueries per
-- volunteer per ticket, each growing with the volunteer's history. Instead the database keeps
-- counters, maintained by triggers in the same transaction as the rows they count: whoever
-- writes a ticket, an offer or a points entry (intake, replies, the desk, a plugin) keeps them
-- right without knowing of them, and a rolled-back change rolls its counts back with it.

-- The studio's time zone, beside its clock: "this month" and "the last 30 days" are the
-- studio's days. Each node writes the zone of its configuration at start-up.
ALTER TABLE studio_clock ADD COLUMN zone text NOT NULL DEFAULT 'Asia/Shanghai';

CREATE FUNCTION studio_day(at timestamptz) RETURNS date LANGUAGE sql STABLE PARALLEL SAFE AS
    $$ SELECT (at AT TIME ZONE (SELECT zone FROM studio_clock))::date $$;

-- One row per volunteer who was ever offered or accepted anything.
CREATE TABLE volunteer_load (
    volunteer_id bigint PRIMARY KEY REFERENCES volunteers (id) ON DELETE CASCADE,
    open_tickets int NOT NULL DEFAULT 0,   -- tickets accepted and not finished
    last_offered timestamptz,              -- newest offer of any ticket
    last_served  timestamptz               -- newest finished ticket ('done')
);

-- Per volunteer and studio day: finished tickets (by the day they were finished), offers declined
-- or left to expire (by the day they were made) and points (by the day of the ledger entry).
CREATE TABLE volunteer_days (
    volunteer_id bigint NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    day          date   NOT NULL,
    done         int    NOT NULL DEFAULT 0,
    declined     int    NOT NULL DEFAULT 0,
    points       int    NOT NULL DEFAULT 0,
    PRIMARY KEY (volunteer_id, day)
);

CREATE FUNCTION volunteer_days_add(volunteer bigint, on_day date, done_delta int, declined_delta int, points_delta int)
    RETURNS void LANGUAGE sql AS $$
    INSERT INTO volunteer_days (volunteer_id, day, done, declined, points)
    VALUES (volunteer, on_day, done_delta, declined_delta, points_delta)
    ON CONFLICT (volunteer_id, day) DO UPDATE
        SET done = volunteer_days.done + EXCLUDED.done,
            declined = volunteer_days.declined + EXCLUDED.declined,
            points = volunteer_days.points + EXCLUDED.points
$$;

CREATE FUNCTION volunteer_load_add(volunteer bigint, open_delta int, offered timestamptz, served timestamptz)
    RETURNS void LANGUAGE sql AS $$
    INSERT INTO volunteer_load (volunteer_id, open_tickets, last_offered, last_served)
    VALUES (volunteer, open_delta, offered, served)
    ON CONFLICT (volunteer_id) DO UPDATE
        SET open_tickets = volunteer_load.open_tickets + EXCLUDED.open_tickets,
            last_offered = greatest(volunteer_load.last_offered, EXCLUDED.last_offered),
            last_served = greatest(volunteer_load.last_served, EXCLUDED.last_served)
$$;

-- An offer counts as declined while its status is declined or expired; a re-offer (the same
-- volunteer asked again) moves it back to pending and its day to the new offer's.
CREATE FUNCTION offers_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was boolean := TG_OP = 'UPDATE' AND OLD.status IN ('declined', 'expired');
    now_is boolean := NEW.status IN ('declined', 'expired');
BEGIN
    IF TG_OP = 'INSERT' OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.volunteer_id <> OLD.volunteer_id THEN
        PERFORM volunteer_load_add(NEW.volunteer_id, 0, NEW.created_at, NULL);
    END IF;
    -- An offer moved back in time or to someone else (corrections by hand): look the newest up again.
    IF TG_OP = 'UPDATE' AND (NEW.volunteer_id <> OLD.volunteer_id OR NEW.created_at < OLD.created_at) THEN
        UPDATE volunteer_load SET last_offered = (SELECT max(o.created_at) FROM offers o WHERE o.volunteer_id = OLD.volunteer_id)
        WHERE volunteer_id = OLD.volunteer_id;
    END IF;
    IF was AND (NOT now_is OR NEW.volunteer_id <> OLD.volunteer_id OR studio_day(NEW.created_at) <> studio_day(OLD.created_at)) THEN
        PERFORM volunteer_days_add(OLD.volunteer_id, studio_day(OLD.created_at), 0, -1, 0);
        was := false;
    END IF;
    IF now_is AND NOT was THEN
        PERFORM volunteer_days_add(NEW.volunteer_id, studio_day(NEW.created_at), 0, 1, 0);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER offers_count AFTER INSERT OR UPDATE OF status, created_at, volunteer_id ON offers
    FOR EACH ROW EXECUTE FUNCTION offers_count();

-- A ticket is open work for its volunteer while accepted, and finished work (on the day it was
-- finished) while done. When a finished ticket stops counting (reopened, closed, reassigned),
-- the volunteer's last service is looked up again: it is the newest ticket still done.
CREATE FUNCTION tickets_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was_open boolean := TG_OP = 'UPDATE' AND OLD.status = 'accepted' AND OLD.accepted_by IS NOT NULL;
    is_open boolean := NEW.status = 'accepted' AND NEW.accepted_by IS NOT NULL;
    was_done boolean := TG_OP = 'UPDATE' AND OLD.status = 'done' AND OLD.accepted_by IS NOT NULL AND OLD.done_at IS NOT NULL;
    is_done boolean := NEW.status = 'done' AND NEW.accepted_by IS NOT NULL AND NEW.done_at IS NOT NULL;
    same_done boolean;
BEGIN
    IF was_open AND NOT (is_open AND NEW.accepted_by = OLD.accepted_by) THEN
        PERFORM volunteer_load_add(OLD.accepted_by, -1, NULL, NULL);
    END IF;
    IF is_open AND NOT (was_open AND NEW.accepted_by = OLD.accepted_by) THEN
        PERFORM volunteer_load_add(NEW.accepted_by, 1, NULL, NULL);
    END IF;
    same_done := was_done AND is_done AND NEW.accepted_by = OLD.accepted_by AND NEW.done_at = OLD.done_at;
    IF was_done AND NOT same_done THEN
        PERFORM volunteer_days_add(OLD.accepted_by, studio_day(OLD.done_at), -1, 0, 0);
        UPDATE volunteer_load SET last_served = (SELECT max(t.done_at) FROM tickets t
                                                 WHERE t.accepted_by = OLD.accepted_by AND t.status = 'done')
        WHERE volunteer_id = OLD.accepted_by;
    END IF;
    IF is_done AND NOT same_done THEN
        PERFORM volunteer_days_add(NEW.accepted_by, studio_day(NEW.done_at), 1, 0, 0);
        PERFORM volunteer_load_add(NEW.accepted_by, 0, NULL, NEW.done_at);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER tickets_count AFTER INSERT OR UPDATE OF status, accepted_by, done_at ON tickets
    FOR EACH ROW EXECUTE FUNCTION tickets_count();

CREATE FUNCTION points_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM volunteer_days_add(OLD.volunteer_id, studio_day(OLD.at), 0, 0, -OLD.points);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM volunteer_days_add(NEW.volunteer_id, studio_day(NEW.at), 0, 0, NEW.points);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER points_count AFTER INSERT OR UPDATE OF volunteer_id, points, at OR DELETE ON points_ledger
    FOR EACH ROW EXECUTE FUNCTION points_count();

-- What the tables held before the counters existed.
INSERT INTO volunteer_load (volunteer_id, open_tickets, last_offered, last_served)
SELECT v.id,
       (SELECT count(*) FROM tickets t WHERE t.accepted_by = v.id AND t.status = 'accepted'),
       (SELECT max(o.created_at) FROM offers o WHERE o.volunteer_id = v.id),
       (SELECT max(t.done_at) FROM tickets t WHERE t.accepted_by = v.id AND t.status = 'done')
FROM volunteers v;

INSERT INTO volunteer_days (volunteer_id, day, done, declined, points)
SELECT volunteer_id, day, sum(done), sum(declined), sum(points) FROM (
    SELECT accepted_by AS volunteer_id, studio_day(done_at) AS day, 1 AS done, 0 AS declined, 0 AS points
    FROM tickets WHERE status = 'done' AND accepted_by IS NOT NULL AND done_at IS NOT NULL
    UNION ALL
    SELECT volunteer_id, studio_day(created_at), 0, 1, 0 FROM offers WHERE status IN ('declined', 'expired')
    UNION ALL
    SELECT volunteer_id, studio_day(at), 0, 0, points FROM points_ledger
) counted GROUP BY volunteer_id, day;
