package io.qiaoqiao.gateway.voice;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.Optional;

/**
 * Caffeine in front of {@link VoiceDesk#lookupCaller}: a hotline rush (a flood, a power cut)
 * should not turn into one roster query per ring. Failed look-ups are not cached. The roster
 * import calls {@link #invalidateAll()} so a new resident is known on their next call.
 */
public final class CallerCache {
    private final AsyncLoadingCache<String, Optional<VoiceDesk.Caller>> cache;

    public CallerCache(VoiceDesk desk, Duration ttl, long maxEntries) {
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxEntries)
                .buildAsync((phone, executor) -> desk.lookupCaller(phone).toCompletionStage().toCompletableFuture());
    }

    public Future<Optional<VoiceDesk.Caller>> lookup(String phone) {
        return Future.fromCompletionStage(cache.get(phone));
    }

    /** Forget everyone: the roster changed. */
    public void invalidateAll() {
        cache.synchronous().invalidateAll();
    }
}
