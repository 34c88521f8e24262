-- The studio clock's two functions, unchanged in what they answer, in PL/pgSQL (issue 15).
--
-- As SQL functions whose body reads a table they cannot be inlined, and PostgreSQL plans such a
-- body again in every statement that calls it: a ticket's transaction calls studio_now() about
-- 29 times (column defaults, timers, the counters' triggers) and studio_day() about 53 times.
-- PL/pgSQL keeps each plan for the session, so a call is a lookup of one row. Both stay STABLE:
-- within one statement they answer the same, and a test that moves the clock is seen by the next.
CREATE OR REPLACE FUNCTION studio_now() RETURNS timestamptz LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    shifted timestamptz;
BEGIN
    SELECT now() + configured + advanced INTO shifted FROM studio_clock;
    RETURN shifted;
END
$$;

CREATE OR REPLACE FUNCTION studio_day(at timestamptz) RETURNS date LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    studio_zone text;
BEGIN
    SELECT zone INTO studio_zone FROM studio_clock;
    RETURN (at AT TIME ZONE studio_zone)::date;
END
$$;
