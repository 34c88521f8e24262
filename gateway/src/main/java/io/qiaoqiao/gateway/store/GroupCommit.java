package io.qiaoqiao.gateway.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;

/**
 * Group commit: work handed over from many threads at once (every deliver_sm the SMSC has in
 * flight) is written in one transaction and one commit, and each piece of work hears back only
 * once that commit is durable. One transaction is written at a time; whatever arrives meanwhile
 * forms the next, so batches grow with the load by themselves and a lone piece of work never
 * waits for company.
 *
 * <p>Within a transaction the pieces run one after another, in arrival order, each seeing what
 * the ones before it wrote, exactly as if each had its own transaction. A batch holds at most
 * one piece per key (a text's sender): the next one from the same sender waits for the next
 * batch, so a sender's texts keep their order and never share a transaction. Before the pieces
 * run, {@code beforeAll} may take the batch's locks in one fixed order (sorted keys), so batches
 * on several nodes cannot deadlock on them.
 *
 * <p>If the transaction fails (one piece's error, a deadlock, the database going away), nothing
 * of it was written, and each piece is written again in a transaction of its own: one bad piece
 * fails alone, and the others are not lost.
 */
public final class GroupCommit {
    /** One piece of work: its writes, on the transaction's connection. */
    @FunctionalInterface
    public interface Work {
        Future<Void> write(SqlConnection db, AfterCommit after);
    }

    private record Piece(String key, Work work, Promise<Void> done, long giveUpAt) {
    }

    private final Pool pool;
    private final Context context;
    private final int maxBatch;
    private final BiFunction<SqlConnection, List<String>, Future<Void>> beforeAll;
    private final IntConsumer batchSizes;
    private final Deque<Piece> waiting = new ArrayDeque<>();
    private boolean writing;

    /**
     * @param context    where the transactions are driven from (a Vert.x context, never blocked)
     * @param maxBatch   the most pieces in one transaction
     * @param beforeAll  run first in every transaction with the batch's keys, sorted
     * @param batchSizes told the size of every batch written together
     */
    public GroupCommit(Pool pool, Context context, int maxBatch, BiFunction<SqlConnection, List<String>, Future<Void>> beforeAll,
                       IntConsumer batchSizes) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.pool = pool;
        this.context = context;
        this.maxBatch = maxBatch;
        this.beforeAll = beforeAll;
        this.batchSizes = batchSizes;
    }

    /**
     * Queues {@code work}; the future completes once it is committed, or fails once it cannot be.
     * Work still waiting for its transaction after {@code patience} is dropped unwritten and
     * failed: whoever handed it over has given up on it (an SMSC delivers the text again).
     */
    public Future<Void> submit(String key, Duration patience, Work work) {
        Piece piece = new Piece(key, work, Promise.promise(), System.nanoTime() + patience.toNanos());
        boolean start;
        synchronized (this) {
            waiting.add(piece);
            start = !writing;
            writing = true;
        }
        if (start) {
            context.runOnContext(v -> next());
        }
        return piece.done().future();
    }

    /** Pieces waiting for a transaction (for tests and metrics). */
    public synchronized int waiting() {
        return waiting.size();
    }

    private void next() {
        List<Piece> batch = take();
        if (batch.isEmpty()) {
            return;
        }
        batchSizes.accept(batch.size());
        together(batch).onComplete(written -> {
            if (written.succeeded()) {
                batch.forEach(p -> p.done().tryComplete());
                next();
            } else if (batch.size() == 1) {
                batch.get(0).done().tryFail(written.cause());
                next();
            } else {
                oneByOne(batch, 0).onComplete(v -> next());
            }
        });
    }

    /** The next batch: waiting pieces in order, at most one per key; none left marks the writer idle. */
    private synchronized List<Piece> take() {
        List<Piece> batch = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        Iterator<Piece> it = waiting.iterator();
        long now = System.nanoTime();
        while (it.hasNext() && batch.size() < maxBatch) {
            Piece p = it.next();
            if (now - p.giveUpAt() > 0) {
                it.remove();
                p.done().tryFail(new IllegalStateException("not written in time: the database is slow or away"));
            } else if (keys.add(p.key())) {
                batch.add(p);
                it.remove();
            }
        }
        if (batch.isEmpty()) {
            writing = false;
        }
        return batch;
    }

    private Future<Void> together(List<Piece> batch) {
        List<String> sorted = batch.stream().map(Piece::key).sorted().toList();
        return Tx.run(pool, (db, after) -> {
            Future<Void> chain = beforeAll.apply(db, sorted);
            for (Piece p : batch) {
                chain = chain.compose(v -> p.work().write(db, after));
            }
            return chain;
        });
    }

    /** After a failed batch: each piece in its own transaction, so only the one at fault fails. */
    private Future<Void> oneByOne(List<Piece> batch, int from) {
        if (from == batch.size()) {
            return Future.succeededFuture();
        }
        Piece p = batch.get(from);
        return Tx.run(pool, (db, after) -> beforeAll.apply(db, List.of(p.key())).compose(v -> p.work().write(db, after)))
                .onComplete(written -> {
                    if (written.succeeded()) {
                        p.done().tryComplete();
                    } else {
                        p.done().tryFail(written.cause());
                    }
                })
                .transform(v -> oneByOne(batch, from + 1));
    }
}
