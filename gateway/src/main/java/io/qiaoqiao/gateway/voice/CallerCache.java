package io.qiaoqiao.gateway.voice;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Caffeine in front of {@link VoiceDesk#lookupCaller}: a hotline rush (a flood, a power cut)
 * should not turn into one roster query per ring. The roster import calls {@link
 * #invalidateAll()} so a new resident is known on their next call.
 *
 * <p>Only answers are kept, never failures, and the cache does not load by itself: a loading
 * cache logs a stack trace of its own for every failed load, so while the database was away the
 * log had one per ring on top of the script's one line saying the look-up failed.
 */
public final class CallerCache {
    private final VoiceDesk desk;
    private final Cache<String, Optional<VoiceDesk.Caller>> known;
    /** Moves on every invalidation: an answer asked for before the roster changed is not kept after it. */
    private final AtomicLong rosterVersion = new AtomicLong();

    public CallerCache(VoiceDesk desk, Duration ttl, long maxEntries) {
        this.desk = desk;
        this.known = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
    }

    public Future<Optional<VoiceDesk.Caller>> lookup(String phone) {
        Optional<VoiceDesk.Caller> cached = known.getIfPresent(phone);
        if (cached != null) {
            return Future.succeededFuture(cached);
        }
        long askedAt = rosterVersion.get();
        return desk.lookupCaller(phone).onSuccess(caller -> {
            known.put(phone, caller);
            if (rosterVersion.get() != askedAt) {
                known.invalidate(phone); // the roster changed while it was asked: ask again next time
            }
        });
    }

    /** Forget everyone: the roster changed. */
    public void invalidateAll() {
        rosterVersion.incrementAndGet();
        known.invalidateAll();
    }
}
