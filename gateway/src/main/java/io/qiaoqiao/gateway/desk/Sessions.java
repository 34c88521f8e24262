package io.qiaoqiao.gateway.desk;

import io.qiaoqiao.gateway.http.ApiAccess;
import io.qiaoqiao.gateway.http.ApiAccess.SignedIn;
import io.qiaoqiao.gateway.http.ApiTokens.Operator;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Desk sessions, kept in the database so that every gateway node knows every sign-in. The
 * browser holds a random token (256 bits) in its cookie; the table holds its SHA-256. A session
 * is live until it is signed out, unused for {@link DeskSettings#idle}, or older than
 * {@link DeskSettings#lifetime} — all on the studio clock — and only while its account is
 * active. Each session has its own CSRF token, which the page sends with every change.
 */
public final class Sessions implements ApiAccess.SessionLookup {
    private static final String FIND = """
            SELECT s.id, s.csrf_token, o.name, o.scopes, s.last_seen_at < studio_now() - interval '1 minute' AS stale
            FROM operator_sessions s JOIN operators o ON o.id = s.operator_id
            WHERE s.token_hash = $1 AND s.ended_at IS NULL AND o.active AND s.expires_at > studio_now()
              AND s.last_seen_at > studio_now() - make_interval(secs => $2)""";
    private static final String ALIVE = """
            SELECT 1 FROM operator_sessions s JOIN operators o ON o.id = s.operator_id
            WHERE s.id = $1 AND s.ended_at IS NULL AND o.active AND s.expires_at > studio_now()
              AND s.last_seen_at > studio_now() - make_interval(secs => $2)""";
    private static final String TOUCH = "UPDATE operator_sessions SET last_seen_at = studio_now() WHERE id = $1";
    private static final String START = """
            INSERT INTO operator_sessions (token_hash, operator_id, csrf_token, expires_at)
            VALUES ($1, $2, $3, studio_now() + make_interval(secs => $4)) RETURNING id, expires_at""";
    private static final String END = "UPDATE operator_sessions SET ended_at = studio_now() WHERE id = $1 AND ended_at IS NULL";
    private static final String END_ALL = """
            UPDATE operator_sessions SET ended_at = studio_now() WHERE operator_id = $1 AND ended_at IS NULL AND id <> $2""";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;
    private final DeskSettings settings;

    public Sessions(Pool pool, DeskSettings settings) {
        this.pool = pool;
        this.settings = settings;
    }

    /** A session just begun: the cookie's value, the page's CSRF token, when it ends at the latest. */
    public record Started(long id, String token, String csrfToken, OffsetDateTime expiresAt) {
    }

    @Override
    public Future<Optional<SignedIn>> find(String cookie) {
        return pool.preparedQuery(FIND).execute(Tuple.of(Buffer.buffer(sha256(cookie)), (double) settings.idle().toSeconds()))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(Optional.<SignedIn>empty());
                    }
                    Row r = rows.iterator().next();
                    SignedIn found = new SignedIn(new Operator(r.getString("name"), Set.copyOf(List.of(r.getArrayOfStrings("scopes")))),
                            r.getString("csrf_token"), String.valueOf(r.getLong("id")));
                    // Noted at most once a minute: an idle session ends on time without a write per request.
                    return r.getBoolean("stale")
                            ? pool.preparedQuery(TOUCH).execute(Tuple.of(r.getLong("id"))).map(v -> Optional.of(found))
                            : Future.succeededFuture(Optional.of(found));
                });
    }

    @Override
    public Future<Boolean> alive(String sessionId) {
        return pool.preparedQuery(ALIVE).execute(Tuple.of(Long.parseLong(sessionId), (double) settings.idle().toSeconds()))
                .map(rows -> rows.size() > 0);
    }

    /** Begins a session for the account, in the caller's transaction. */
    public Future<Started> start(SqlClient db, long operatorId) {
        String token = randomToken();
        String csrf = randomToken();
        return db.preparedQuery(START).execute(Tuple.of(Buffer.buffer(sha256(token)), operatorId, csrf,
                (double) settings.lifetime().toSeconds())).map(rows -> {
                    Row r = rows.iterator().next();
                    return new Started(r.getLong("id"), token, csrf, r.getOffsetDateTime("expires_at"));
                });
    }

    public Future<Void> end(SqlClient db, String sessionId) {
        return db.preparedQuery(END).execute(Tuple.of(Long.parseLong(sessionId))).mapEmpty();
    }

    /** Ends every session of the account but {@code except} (0: all): after a password change or a deactivation. */
    public Future<Void> endAll(SqlClient db, long operatorId, long except) {
        return db.preparedQuery(END_ALL).execute(Tuple.of(operatorId, except)).mapEmpty();
    }

    public DeskSettings settings() {
        return settings;
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
