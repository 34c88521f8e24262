package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.config.Config;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileProps;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads {@code api.tokens-file} while the gateway runs, so that revoking an operator's token
 * takes effect within seconds, without a restart: when the file changes (checked every few
 * seconds) and on SIGHUP. A file that no longer parses changes nothing (the tokens in use stay)
 * and says why; a file that cannot be read is the same. Tokens given in {@code api.tokens}
 * itself (the environment) cannot change while the process runs and are not watched.
 */
public final class TokenReload {
    private static final Logger log = LoggerFactory.getLogger(TokenReload.class);

    private final Vertx vertx;
    private final Config config;
    private final ApiTokens tokens;
    private final String file;
    private long timer = -1;
    private String stamp = "";

    public TokenReload(Vertx vertx, Config config, ApiTokens tokens) {
        this.vertx = vertx;
        this.config = config;
        this.tokens = tokens;
        this.file = config.string("api.tokens").isEmpty() ? config.string("api.tokens-file") : "";
    }

    /** Whether there is a file to re-read. */
    public boolean watching() {
        return !file.isEmpty();
    }

    /** Checks the file every {@code every}; a change is re-read at once. */
    public void start(Duration every) {
        if (!watching()) {
            return;
        }
        vertx.fileSystem().props(file).onSuccess(p -> stamp = stamp(p));
        timer = vertx.setPeriodic(every.toMillis(), id -> vertx.fileSystem().props(file).onSuccess(p -> {
            String now = stamp(p);
            if (!now.equals(stamp)) {
                stamp = now;
                Thread.ofVirtual().name("api-tokens-reload").start(() -> reload("it changed"));
            }
        }));
    }

    public void stop() {
        vertx.cancelTimer(timer);
    }

    /** Reads and applies the file now; blocking (file I/O), so not on an event loop. */
    public void reload(String why) {
        if (!watching()) {
            return;
        }
        ApiTokens fresh;
        try {
            fresh = ApiTokens.parse(config.secret("api.tokens"));
        } catch (IllegalArgumentException e) {
            log.error("api.tokens-file {} re-read because {} but not used, the tokens in use stay: {}", file, why, e.getMessage());
            return;
        }
        tokens.replaceWith(fresh);
        log.info("api.tokens-file {} re-read because {}: {} token(s), for {}", file, why, fresh.names().size(), fresh.names());
    }

    private static String stamp(FileProps p) {
        return p.lastModifiedTime() + "/" + p.size();
    }
}
