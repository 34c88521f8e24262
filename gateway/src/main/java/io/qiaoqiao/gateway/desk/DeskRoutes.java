package io.qiaoqiao.gateway.desk;

import io.qiaoqiao.gateway.desk.OperatorAccounts.Account;
import io.qiaoqiao.gateway.http.Api;
import io.qiaoqiao.gateway.http.ApiAccess;
import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.qiaoqiao.gateway.http.ApiAccess.SignedIn;
import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.ApiTokens.Operator;
import io.qiaoqiao.gateway.http.Input;
import io.qiaoqiao.gateway.http.Page;
import io.qiaoqiao.gateway.http.Problem;
import io.qiaoqiao.gateway.operator.OperatorAudit;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in and out at the desk, and the accounts themselves:
 * <ul>
 *   <li>{@code POST /api/session} {@code {name, password}} (no caller needed): a session cookie
 *   (HttpOnly, SameSite=Strict, Secure when {@code desk.cookie-secure}) and the CSRF token the
 *   page sends as {@code X-CSRF-Token} with every change. {@code desk.lockout-failures} wrong
 *   passwords in a row lock the account for {@code desk.lockout-duration} (423). Every attempt is
 *   audited: {@code operator.sign_in}, {@code operator.sign_in_failed}, {@code operator.locked},
 *   {@code operator.sign_in_refused};</li>
 *   <li>{@code GET /api/session}: who is calling, with what scopes (and the CSRF token again, for
 *   a page that was reloaded); {@code DELETE /api/session}: sign out;
 *   {@code POST /api/session/password}: change one's own password (other sessions end);</li>
 *   <li>{@code /api/operators}: list, create, change (scopes, active, password) and unlock
 *   accounts ({@code operators.read} / {@code operators.write}).</li>
 * </ul>
 */
public final class DeskRoutes {
    private static final Logger log = LoggerFactory.getLogger(DeskRoutes.class);
    private static final int PASSWORD_FIELD_MAX = PasswordHash.MAX_LENGTH;

    private final Pool pool;
    private final Sessions sessions;
    private final DeskSettings settings;

    public DeskRoutes(Pool pool, Sessions sessions) {
        this.pool = pool;
        this.sessions = sessions;
        this.settings = sessions.settings();
    }

    /** {@code POST /api/session}: mount before the guard, it needs no caller. */
    public void mountSignIn(Api api) {
        api.open(HttpMethod.POST, "/api/session").summary("登录工作站：名字和密码（审计）").tag("session").body("SignIn")
                .created("Session").problems(401, 423).answer(this::signIn);
    }

    public void mount(Api api) {
        api.signedIn(HttpMethod.GET, "/api/session").summary("现在是谁登录、有哪些权限").tag("session").ok("Session")
                .answer(this::current);
        api.signedIn(HttpMethod.DELETE, "/api/session").summary("退出登录（审计）").tag("session").ok("SignedOut").problems(409)
                .answer(this::signOut);
        api.signedIn(HttpMethod.POST, "/api/session/password").summary("修改自己的密码（审计；其他登录都退出）").tag("session")
                .body("PasswordChange").ok("Operator").problems(401, 409).answer(this::changePassword);
        api.get("/api/operators", "operators.read").summary("工作人员账号列表").tag("operators").paged().ok("OperatorPage")
                .answer(ctx -> {
                    Page page = Page.of(ctx);
                    return OperatorAccounts.page(pool, page.before(), page.fetch())
                            .map(rows -> Reply.ok(page.answer(ctx, "operators", rows, r -> r.getLong("id"))));
                });
        api.post("/api/operators", "operators.write").summary("新建工作人员账号（审计）").tag("operators").body("OperatorCreate")
                .created("Operator").problems(409).answer(this::create);
        api.patch("/api/operators/{id}", "operators.write").summary("修改账号的权限、停用或重设密码（审计）").tag("operators")
                .body("OperatorChange").ok("Operator").problems(404).answer(this::update);
        api.post("/api/operators/{id}/unlock", "operators.write").summary("解除锁定（审计）").tag("operators").ok("Operator")
                .problems(404).answer(ctx -> pool.withTransaction(db -> OperatorAccounts.unlock(db, ApiAccess.pathId(ctx, "id"),
                        ApiAccess.operator(ctx).actor())).map(Reply::ok));
    }

    private Future<Reply> signIn(RoutingContext ctx) {
        Input in = ApiAccess.body(ctx).onlyFields(Set.of("name", "password"));
        String name = in.requiredText("name", 64);
        String password = in.text("password", PASSWORD_FIELD_MAX).orElseThrow(() -> Input.required("password"));
        return OperatorAccounts.forSignIn(pool, name).compose(found -> {
            if (found.isPresent() && found.get().locked()) {
                Account account = found.get();
                return OperatorAudit.append(pool, account.actor(), "operator.sign_in_refused", "operator:" + account.id(),
                        new JsonObject().put("reason", "locked")).compose(v -> Future.failedFuture(locked(ctx, account.lockedUntil().orElseThrow())));
            }
            String hash = found.map(Account::passwordHash).orElse(PasswordHash.NOBODY);
            // Tens of milliseconds of hashing: on a worker, never on the event loop.
            return ctx.vertx().executeBlocking(() -> PasswordHash.verify(password, hash), false).compose(right -> {
                if (found.isEmpty() || !found.get().active() || !right) {
                    return failed(ctx, name, found);
                }
                return signedIn(ctx, found.get());
            });
        });
    }

    private Future<Reply> failed(RoutingContext ctx, String name, Optional<Account> found) {
        ApiError wrong = new ApiError(Problem.SIGN_IN_FAILED, "名字或密码不对", "wrong name or password");
        if (found.isEmpty()) {
            // An unknown name is audited too (someone is guessing), never the password typed.
            return OperatorAudit.append(pool, "anonymous", "operator.sign_in_failed", "operator-name:" + name,
                    new JsonObject().put("reason", "unknown name")).compose(v -> Future.failedFuture(wrong));
        }
        Account account = found.get();
        return pool.withTransaction(db -> OperatorAccounts.failed(db, account, settings).compose(lockedUntil -> {
            JsonObject detail = new JsonObject().put("reason", account.active() ? "wrong password" : "inactive account");
            Future<Void> audited = OperatorAudit.append(db, account.actor(), "operator.sign_in_failed", "operator:" + account.id(), detail);
            if (lockedUntil.isEmpty()) {
                return audited.map(lockedUntil);
            }
            log.warn("desk account {} locked until {} after {} wrong passwords", account.name(), lockedUntil.get(),
                    settings.lockoutFailures());
            return audited.compose(v -> OperatorAudit.append(db, account.actor(), "operator.locked", "operator:" + account.id(),
                    new JsonObject().put("failures", settings.lockoutFailures()).put("until", lockedUntil.get().toInstant().toString())))
                    .map(lockedUntil);
        })).compose(lockedUntil -> Future.failedFuture(lockedUntil.isPresent() ? locked(ctx, lockedUntil.get()) : wrong));
    }

    private ApiError locked(RoutingContext ctx, OffsetDateTime until) {
        ctx.response().putHeader("Retry-After", String.valueOf(Math.max(1, settings.lockout().toSeconds())));
        return new ApiError(Problem.ACCOUNT_LOCKED, "密码连续输错 " + settings.lockoutFailures() + " 次，账号已锁定到 "
                + until.toInstant() + "；可以请有账号管理权限的同事解锁", "the account is locked until " + until.toInstant()
                + " after repeated wrong passwords").with("lockedUntil", until.toInstant().toString());
    }

    private Future<Reply> signedIn(RoutingContext ctx, Account account) {
        return pool.withTransaction(db -> OperatorAccounts.signedIn(db, account.id())
                .compose(v -> sessions.start(db, account.id()))
                .compose(started -> OperatorAudit.append(db, account.actor(), "operator.sign_in", "operator:" + account.id(),
                        new JsonObject().put("session", started.id())).map(started)))
                .map(started -> {
                    ctx.response().addCookie(cookie(started.token(), settings.lifetime()));
                    return Reply.created(session(new Operator(account.name(), account.scopes()), "session", started.csrfToken(),
                            started.expiresAt()));
                });
    }

    private Cookie cookie(String value, Duration maxAge) {
        return Cookie.cookie(ApiAccess.SESSION_COOKIE, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setSecure(settings.secureCookie()).setMaxAge(maxAge.toSeconds());
    }

    private JsonObject session(Operator operator, String via, String csrf, OffsetDateTime expiresAt) {
        return new JsonObject().put("operator", new JsonObject().put("name", operator.name())
                        .put("scopes", new JsonArray(List.copyOf(new java.util.TreeSet<>(operator.scopes())))))
                .put("via", via).put("csrfToken", csrf).put("expiresAt", expiresAt == null ? null : expiresAt.toInstant().toString())
                .put("idleSeconds", via.equals("session") ? settings.idle().toSeconds() : null);
    }

    private Future<Reply> current(RoutingContext ctx) {
        Operator operator = ApiAccess.operator(ctx);
        Optional<SignedIn> session = ApiAccess.session(ctx);
        return Future.succeededFuture(Reply.ok(session(operator, session.isPresent() ? "session" : "token",
                session.map(SignedIn::csrfToken).orElse(null), null)));
    }

    private Future<Reply> signOut(RoutingContext ctx) {
        SignedIn session = ApiAccess.session(ctx).orElseThrow(() -> new ApiError(Problem.NOT_AVAILABLE_HERE,
                "用令牌调用时没有登录可以退出", "a call with a bearer token has no session to end"));
        return pool.withTransaction(db -> sessions.end(db, session.sessionId())
                        .compose(v -> OperatorAudit.append(db, session.operator().actor(), "operator.sign_out", "session:" + session.sessionId(),
                                new JsonObject())))
                .map(v -> {
                    ctx.response().addCookie(cookie("", Duration.ZERO));
                    return Reply.ok(new JsonObject().put("signedOut", true));
                });
    }

    private Future<Reply> changePassword(RoutingContext ctx) {
        SignedIn session = ApiAccess.session(ctx).orElseThrow(() -> new ApiError(Problem.NOT_AVAILABLE_HERE,
                "令牌没有密码；请登录工作站后修改自己的密码", "tokens have no password; sign in at the desk to change yours"));
        Input in = ApiAccess.body(ctx).onlyFields(Set.of("current", "password"));
        String current = in.text("current", PASSWORD_FIELD_MAX).orElseThrow(() -> Input.required("current"));
        String next = newPassword(in, "password");
        return OperatorAccounts.forSignIn(pool, session.operator().name()).compose(found -> {
            Account account = found.orElseThrow();
            return ctx.vertx().executeBlocking(() -> PasswordHash.verify(current, account.passwordHash())
                    ? Optional.of(PasswordHash.hash(next)) : Optional.<String>empty(), false).compose(hash -> {
                if (hash.isEmpty()) {
                    return Future.failedFuture(new ApiError(Problem.SIGN_IN_FAILED, "原密码不对", "the current password is wrong"));
                }
                return pool.withTransaction(db -> OperatorAccounts.update(db, account.id(), Optional.empty(), Optional.empty(), hash,
                                account.actor())
                        .compose(updated -> sessions.endAll(db, account.id(), Long.parseLong(session.sessionId())).map(updated)));
            });
        }).map(Reply::ok);
    }

    private Future<Reply> create(RoutingContext ctx) {
        Input in = ApiAccess.body(ctx).onlyFields(Set.of("name", "password", "scopes"));
        String name = OperatorAccounts.checkedName(in.requiredText("name", 64));
        List<String> scopes = OperatorAccounts.checkedScopes(in.strings("scopes", 32, 32).orElseThrow(() -> Input.required("scopes")));
        String password = newPassword(in, "password");
        String actor = ApiAccess.operator(ctx).actor();
        return ctx.vertx().executeBlocking(() -> PasswordHash.hash(password), false)
                .compose(hash -> pool.withTransaction(db -> OperatorAccounts.create(db, name, hash, scopes, actor)))
                .map(Reply::created);
    }

    private Future<Reply> update(RoutingContext ctx) {
        long id = ApiAccess.pathId(ctx, "id");
        Input in = ApiAccess.body(ctx).onlyFields(Set.of("scopes", "active", "password"));
        Optional<List<String>> scopes = in.strings("scopes", 32, 32).map(OperatorAccounts::checkedScopes);
        Optional<Boolean> active = in.bool("active");
        Optional<String> password = in.has("password") ? Optional.of(newPassword(in, "password")) : Optional.empty();
        String actor = ApiAccess.operator(ctx).actor();
        Future<Optional<String>> hash = password.isEmpty() ? Future.succeededFuture(Optional.empty())
                : ctx.vertx().executeBlocking(() -> Optional.of(PasswordHash.hash(password.get())), false);
        return hash.compose(h -> pool.withTransaction(db -> OperatorAccounts.update(db, id, scopes, active, h, actor)
                        .compose(updated -> active.orElse(true) && h.isEmpty() ? Future.succeededFuture(updated)
                                : sessions.endAll(db, id, 0).map(updated))))
                .map(Reply::ok);
    }

    private static String newPassword(Input in, String field) {
        String password = in.text(field, PASSWORD_FIELD_MAX * 2).orElseThrow(() -> Input.required(field));
        String[] refusal = PasswordHash.refusal(password);
        if (refusal != null) {
            throw ApiError.field(field, refusal[0], refusal[1]);
        }
        return password;
    }
}
