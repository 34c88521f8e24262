package io.qiaoqiao.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Writes items that arrive one at a time (each deliver_sm of an SMSC's window) in shared
 * transactions, and completes each item's future only once the transaction holding it has
 * committed: a caller may say "we have it" (deliver_sm_resp) exactly then, never before.
 *
 * <p>Batches form by themselves: an item that arrives while no transaction runs is written at
 * once, alone, with no added wait; items that arrive while one runs wait for it and go together
 * into the next (up to {@code maxBatch}), so the busier the channel the fewer commits per item.
 *
 * <p>One item must not fail its neighbours: when a batch of several fails because of what one
 * of them holds (PostgreSQL refused the data: SQLSTATE class 22 or 23), each item is written again
 * in a transaction of its own, and only those that fail alone fail. Any other failure (the
 * database is away, a timeout) fails the whole batch at once: writing each item alone would only
 * take longer to fail. Receipts never fail alone; mobile-originated texts, which issue 15 brings
 * onto this path, may.
 *
 * <p>An item that waited longer than its caller allows ({@code within}) before a transaction took
 * it fails instead of being written late: its caller has told the SMSC to deliver it again.
 *
 * <p>Thread-safe: items may be added from any thread (jsmpp's receive threads add receipts).
 *
 * @param <I> what one item is
 */
public final class GroupCommit<I> {
    /** Writes a batch into the open transaction; items in arrival order. */
    @FunctionalInterface
    public interface Writer<I> {
        Future<Void> write(SqlConnection db, AfterCommit after, List<I> items);
    }

    private record Waiting<I>(I item, Promise<Void> committed, long latestStartNanos) {
    }

    private final Pool pool;
    private final Writer<I> writer;
    private final int maxBatch;
    private final int parallel;
    private final IntConsumer committedBatch;
    private final ArrayDeque<Waiting<I>> waiting = new ArrayDeque<>();
    private int writing;

    /**
     * @param maxBatch       most items in one transaction
     * @param parallel       most transactions at once (1: batches are written one after the other,
     *                       so two batches of this writer never wait for each other's locks)
     * @param committedBatch told the size of every batch that committed (a metric)
     */
    public GroupCommit(Pool pool, Writer<I> writer, int maxBatch, int parallel, IntConsumer committedBatch) {
        this.pool = pool;
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.parallel = parallel;
        this.committedBatch = committedBatch;
    }

    /**
     * Completes once {@code item} is committed; fails when it could not be written, or when no
     * transaction took it {@code within} of now.
     */
    public Future<Void> add(I item, Duration within) {
        Promise<Void> committed = Promise.promise();
        synchronized (this) {
            waiting.add(new Waiting<>(item, committed, System.nanoTime() + within.toNanos()));
        }
        writeNext();
        return committed.future();
    }

    /** Items waiting for a transaction or inside one that has not committed yet. */
    public synchronized int pending() {
        return waiting.size();
    }

    private void writeNext() {
        List<Waiting<I>> batch = new ArrayList<>();
        List<Waiting<I>> late = new ArrayList<>();
        synchronized (this) {
            if (writing >= parallel || waiting.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            while (!waiting.isEmpty() && batch.size() < maxBatch) {
                Waiting<I> next = waiting.poll();
                (now - next.latestStartNanos() > 0 ? late : batch).add(next);
            }
            if (!batch.isEmpty()) {
                writing++;
            }
        }
        late.forEach(w -> w.committed().fail(new IllegalStateException("waited too long for a transaction; not written")));
        if (batch.isEmpty()) {
            writeNext();
            return;
        }
        write(batch).onComplete(ar -> {
            synchronized (this) {
                writing--;
            }
            writeNext();
        });
    }

    /** Writes the batch; if it fails with several items, each alone. Completes when every item is settled. */
    private Future<Void> write(List<Waiting<I>> batch) {
        return transaction(batch).transform(ar -> {
            if (ar.succeeded()) {
                committedBatch.accept(batch.size());
                batch.forEach(w -> w.committed().complete());
                return Future.succeededFuture();
            }
            if (batch.size() == 1 || !itemsData(ar.cause())) {
                batch.forEach(w -> w.committed().fail(ar.cause()));
                return Future.succeededFuture();
            }
            Future<Void> alone = Future.succeededFuture();
            for (Waiting<I> w : batch) {
                alone = alone.transform(ignored -> write(List.of(w)));
            }
            return alone;
        });
    }

    /** PostgreSQL refused what an item holds (data exception, integrity constraint), not the batch as such. */
    private static boolean itemsData(Throwable failure) {
        return failure instanceof PgException pg && pg.getSqlState() != null
                && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
    }

    private Future<Void> transaction(List<Waiting<I>> batch) {
        List<I> items = new ArrayList<>(batch.size());
        batch.forEach(w -> items.add(w.item()));
        return Tx.run(pool, (db, after) -> writer.write(db, after, items));
    }
}
