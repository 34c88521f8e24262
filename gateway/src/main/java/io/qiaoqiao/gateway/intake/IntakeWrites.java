package io.qiaoqiao.gateway.intake;

import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.store.GroupCommit;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;

/**
 * The one write path of intake: every text and every call that becomes (or answers) a ticket
 * is written through one group commit, keyed by the phone it came from. Up to
 * {@code intake.transactions} transactions at a time per node each hold as many of them as
 * arrived while the others ran; inside one they run one after another in arrival order, so
 * routing sees each earlier ticket's offers, and a phone's next text waits for the transaction
 * holding its last one, so a reply sees the accept before it. Each is acknowledged
 * (deliver_sm_resp, the caller hearing the ticket code) only after that commit.
 */
public final class IntakeWrites {
    /** The phone's lock: the same phone texting and calling, or two nodes taking its texts, take turns. */
    static final String LOCK_PHONE = "SELECT pg_advisory_xact_lock(hashtext('sms-sender:' || $1))";
    /** The most pieces of work one transaction writes; an SMSC's window is far smaller. */
    private static final int MAX_BATCH = 256;

    /** One text's or call's writes, on the batch's transaction. */
    @FunctionalInterface
    public interface Work {
        Future<Void> write(SqlConnection db, AfterCommit after);
    }

    private record Piece(String phone, Work work) {
    }

    private final GroupCommit<Piece> commits;

    public IntakeWrites(Pool pool, int transactions, GatewayMetrics metrics) {
        this.commits = new GroupCommit<>(pool, IntakeWrites::writeTogether, MAX_BATCH, transactions, metrics.groupCommit("intake"),
                Piece::phone);
    }

    /**
     * Writes {@code work} in the next intake transaction; the future completes once that has
     * committed. Work no transaction took {@code within} fails unwritten.
     */
    public Future<Void> write(String phone, Duration within, Work work) {
        return commits.add(new Piece(phone, work), within);
    }

    /**
     * First the phones' locks, in the order of the sorted phones (two nodes' batches that share
     * phones queue rather than deadlock; each piece takes its phone's lock again as it is
     * handled, which the transaction already holds), then each piece in arrival order.
     */
    private static Future<Void> writeTogether(SqlConnection db, AfterCommit after, List<Piece> pieces) {
        Future<?> locked = Future.succeededFuture();
        for (String phone : pieces.stream().map(Piece::phone).sorted().toList()) {
            locked = db.preparedQuery(LOCK_PHONE).execute(Tuple.of(phone));
        }
        Future<Void> chain = locked.mapEmpty();
        for (Piece p : pieces) {
            chain = chain.compose(v -> p.work().write(db, after));
        }
        return chain;
    }
}
