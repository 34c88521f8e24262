package io.qiaoqiao.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;
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
 * <p>One item must not fail its neighbours: when a batch of several fails for any reason but the
 * database itself being away (refused data, a constraint, a lock one item waited for too long,
 * a deadlock with another node, an exception in the code handling one item), each item is written
 * again in a transaction of its own, and only those that fail alone fail; an item that always
 * fails cannot keep the others from being written. When the database is away (the connection
 * lost or refused, the server shutting down, a statement timeout) the whole batch fails at once:
 * writing each item alone would only take longer to fail.
 *
 * <p>With a key (a text's sender), a batch holds at most one item per key, and no batch takes an
 * item whose key is in a batch still being written: the next item with the same key waits until
 * that batch has settled, so items of one key keep their order, never share a transaction (where
 * one could not see the other's locks as a wait) and never race each other in two.
 *
 * <p>A batch of several waits for a row lock only briefly ({@link #BATCH_LOCK_WAIT}): one item
 * whose ticket another session holds must not keep the others waiting the whole lock timeout.
 * The batch then fails and its items are written alone, a few at a time, each allowed the
 * session's full lock wait; the others are written while that one waits.
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

    /** How long a statement of a batch of several waits for a lock before the batch is split. */
    static final Duration BATCH_LOCK_WAIT = Duration.ofMillis(250);
    /** Items of a failed batch written alone at once (each its own transaction and connection). */
    private static final int ALONE_AT_ONCE = 4;

    private record Waiting<I>(I item, Promise<Void> committed, long latestStartNanos) {
    }

    private final Pool pool;
    private final Writer<I> writer;
    private final int maxBatch;
    private final int parallel;
    private final IntConsumer committedBatch;
    private final Function<I, ?> key;
    private final ArrayDeque<Waiting<I>> waiting = new ArrayDeque<>();
    /** The keys of the items in batches being written. */
    private final Set<Object> writingKeys = new HashSet<>();
    private int writing;

    /**
     * @param maxBatch       most items in one transaction
     * @param parallel       most transactions at once (1: batches are written one after the other,
     *                       so two batches of this writer never wait for each other's locks)
     * @param committedBatch told the size of every batch that committed (a metric)
     */
    public GroupCommit(Pool pool, Writer<I> writer, int maxBatch, int parallel, IntConsumer committedBatch) {
        this(pool, writer, maxBatch, parallel, committedBatch, null);
    }

    /** As above; {@code key} (when not null) puts at most one item per key in a batch. */
    public GroupCommit(Pool pool, Writer<I> writer, int maxBatch, int parallel, IntConsumer committedBatch, Function<I, ?> key) {
        this.pool = pool;
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.parallel = parallel;
        this.committedBatch = committedBatch;
        this.key = key;
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
            Set<Object> keys = new HashSet<>();
            Iterator<Waiting<I>> it = waiting.iterator();
            while (it.hasNext() && batch.size() < maxBatch) {
                Waiting<I> next = it.next();
                if (now - next.latestStartNanos() > 0) {
                    it.remove();
                    late.add(next);
                } else if (key == null) {
                    it.remove();
                    batch.add(next);
                } else {
                    Object k = key.apply(next.item());
                    // A key seen before in this pass stays behind for the rest of it, even when
                    // a later item could go: its items keep their order.
                    boolean free = !writingKeys.contains(k) && keys.add(k);
                    keys.add(k);
                    if (free) {
                        it.remove();
                        batch.add(next);
                    }
                }
            }
            if (!batch.isEmpty()) {
                writing++;
                if (key != null) {
                    batch.forEach(w -> writingKeys.add(key.apply(w.item())));
                }
            }
        }
        late.forEach(w -> w.committed().fail(new IllegalStateException("waited too long for a transaction; not written")));
        if (batch.isEmpty()) {
            // Only late items went: look again. Nothing went (every waiting key is in a batch being
            // written): the end of that batch looks again; looking now would only find the same.
            if (!late.isEmpty()) {
                writeNext();
            }
            return;
        }
        write(batch).onComplete(ar -> {
            synchronized (this) {
                writing--;
                if (key != null) {
                    batch.forEach(w -> writingKeys.remove(key.apply(w.item())));
                }
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
            if (batch.size() == 1 || DatabaseAway.is(ar.cause())) {
                batch.forEach(w -> w.committed().fail(ar.cause()));
                return Future.succeededFuture();
            }
            // A few lanes, each writing its share one after the other: one item stuck on a lock
            // holds its lane only. (A batch has one item per key, so the lanes never reorder a key.)
            List<Future<Void>> lanes = new ArrayList<>();
            for (int lane = 0; lane < Math.min(ALONE_AT_ONCE, batch.size()); lane++) {
                Future<Void> alone = Future.succeededFuture();
                for (int i = lane; i < batch.size(); i += ALONE_AT_ONCE) {
                    Waiting<I> w = batch.get(i);
                    alone = alone.transform(ignored -> write(List.of(w)));
                }
                lanes.add(alone);
            }
            return Future.join(lanes).<Void>mapEmpty().otherwiseEmpty();
        });
    }

    private Future<Void> transaction(List<Waiting<I>> batch) {
        List<I> items = new ArrayList<>(batch.size());
        batch.forEach(w -> items.add(w.item()));
        if (items.size() == 1) {
            return Tx.run(pool, (db, after) -> writer.write(db, after, items));
        }
        // Sent ahead of the writer's statements, pipelined on the connection: no round trip of its own.
        return Tx.run(pool, (db, after) -> {
            Future<?> brief = db.query("SET LOCAL lock_timeout = " + BATCH_LOCK_WAIT.toMillis()).execute();
            Future<Void> written = writer.write(db, after, items);
            return Future.all(brief, written).mapEmpty();
        });
    }
}
