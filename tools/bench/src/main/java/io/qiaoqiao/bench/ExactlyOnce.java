package io.qiaoqiao.bench;

import io.qiaoqiao.gateway.Gateway;
import io.vertx.sqlclient.Row;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Did every acknowledged text become exactly one ticket, and every offer (one per volunteer;
 * urgent tickets go to several at once) reach the SMSC exactly once?
 * Read from the database (tickets, offers, outbox rows) and from the SMSC (offer texts on the
 * wire). An offer text submitted twice means a node died after submit_sm and before it recorded
 * the send: the row's lease ran out and another node sent it again (at-least-once by design).
 */
record ExactlyOnce(int sent, int acknowledged, long redeliveries, long textsWithoutTicket, long duplicateTickets, long duplicateOfferRows,
                   long offersNotSent, long offersNeverSubmitted, long offersSubmittedTwice, long takenOver) {
    private static final String TICKETS_BY_SERIAL =
            "SELECT substring(text from '#([0-9]+)')::int AS serial, count(*) AS n FROM tickets GROUP BY 1";
    private static final String OFFERED_SERIALS = """
            SELECT DISTINCT substring(t.text from '#([0-9]+)')::int AS serial
            FROM tickets t JOIN outbox o ON o.ticket_id = t.id AND o.purpose = 'offer'""";

    static ExactlyOnce check(IntakeRig rig, TextLoad load) {
        Map<Integer, Long> tickets = new HashMap<>();
        for (Row r : Gateway.await(rig.pool().query(TICKETS_BY_SERIAL).execute())) {
            if (r.getInteger("serial") != null) {
                tickets.put(r.getInteger("serial"), r.getLong("n"));
            }
        }
        Set<Integer> acked = load.acknowledged();
        long withoutTicket = acked.stream().filter(s -> !tickets.containsKey(s)).count();
        long duplicates = tickets.values().stream().mapToLong(n -> n - 1).sum();
        Set<Integer> submitted = load.offered();
        long neverSubmitted = 0;
        for (Row r : Gateway.await(rig.pool().query(OFFERED_SERIALS).execute())) {
            if (r.getInteger("serial") != null && !submitted.contains(r.getInteger("serial"))) {
                neverSubmitted++;
            }
        }
        long twice = load.offersByPhone().values().stream().filter(n -> n.get() > 1).count();
        return new ExactlyOnce(load.sent(), acked.size(), load.redeliveries(), withoutTicket, duplicates,
                rig.count("SELECT count(*) - count(DISTINCT (ticket_id, recipient)) FROM outbox WHERE purpose = 'offer'"),
                rig.count("SELECT count(*) FROM outbox WHERE purpose = 'offer' AND status NOT IN ('sent', 'delivered')"),
                neverSubmitted, twice,
                rig.count("SELECT count(*) FROM outbox WHERE attempts > 1"));
    }

    /** Nothing lost, nothing doubled in the gateway's own records. */
    boolean recordsExact() {
        return sent == acknowledged && textsWithoutTicket == 0 && duplicateTickets == 0 && duplicateOfferRows == 0
                && offersNotSent == 0 && offersNeverSubmitted == 0;
    }

    void report(Result result) {
        result.put("texts_sent", sent).put("texts_acknowledged", acknowledged).put("deliver_sm_repeated", redeliveries)
                .put("texts_without_ticket", textsWithoutTicket).put("duplicate_tickets", duplicateTickets)
                .put("duplicate_offer_rows", duplicateOfferRows).put("offers_not_sent", offersNotSent)
                .put("offers_never_submitted", offersNeverSubmitted)
                .put("offer_texts_submitted_twice", offersSubmittedTwice)
                .put("outbox_rows_taken_over", takenOver);
    }
}
