package io.qiaoqiao.gateway.outbound;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * The lines of the trunk (or GSM gateway), shared by every kind of outbound call and every node:
 * {@code outbound.max-concurrent-calls} at once. The one count of calls in flight is the shared
 * outbox, taken under one advisory lock that every claim of a call holds to its commit, so two
 * nodes, or the ticket calls and the broadcast and check-in calls of one node, never take the same
 * free line. A call holds its line while its claim runs ({@code sending} with {@code claimed_until}
 * ahead), and an answered ticket call also while its resident talks ({@code sent} with
 * {@code claimed_until} still ahead: cleared at its Hangup, or run out after the longest
 * conversation when the Hangup or the node is lost).
 */
public final class TrunkLines {
    /** Every node's claim of lines takes this lock: counting the calls in flight and claiming are one step. */
    private static final long LOCK = 0x71716c696e6573L; // "qqlines"
    private static final String TAKE_LOCK = "SELECT pg_advisory_xact_lock(" + LOCK + ")";
    /**
     * The one count of calls holding a line (also what qiaoqiao_outbound_calls_in_flight shows).
     * Only a claim still running holds one: a claim that ran out belongs to a node that died or
     * lost the database, and taking it over needs a free line, so counting it would let four
     * lapsed rows on a four-line trunk keep every node from claiming any call again.
     */
    public static final String IN_FLIGHT = """
            SELECT count(*) FROM outbox
            WHERE channel = 'call' AND status IN ('sending', 'sent') AND claimed_until > now()""";

    private final int lines;

    /** @param lines {@code outbound.max-concurrent-calls} */
    public TrunkLines(int lines) {
        if (lines < 1) {
            throw new IllegalArgumentException("outbound.max-concurrent-calls must be at least 1: the trunk's lines");
        }
        this.lines = lines;
    }

    public int lines() {
        return lines;
    }

    /**
     * Inside a transaction: takes the lines lock (released at its commit, after the claim that
     * follows) and answers how many lines are free now, never less than zero.
     */
    public Future<Integer> lockAndCountFree(SqlClient db) {
        return db.query(TAKE_LOCK).execute().compose(v -> db.query(IN_FLIGHT).execute())
                .map(rows -> (int) Math.max(0, lines - rows.iterator().next().getLong(0)));
    }
}
