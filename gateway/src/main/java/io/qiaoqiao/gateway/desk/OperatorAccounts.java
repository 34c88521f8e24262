package io.qiaoqiao.gateway.desk;

import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.ApiTokens;
import io.qiaoqiao.gateway.http.Problem;
import io.qiaoqiao.gateway.operator.OperatorAudit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Named operator accounts for the desk: who they are, the scopes they hold (the same as API
 * tokens'), their password hash and their lock-out state. Every change is audited with the name
 * of whoever made it. The password hashes are made by the caller, off the event loop.
 */
public final class OperatorAccounts {
    /** Letters of any script (张站长), digits and {@code _.@-}; what audit rows and sessions name. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_.@-]{1,32}");
    private static final String COLUMNS = """
            id, name, scopes, active, failed_attempts, locked_until, locked_until > studio_now() AS locked, created_at, created_by,
            last_sign_in_at, password_changed_at""";
    private static final String INSERT =
            "INSERT INTO operators (name, password_hash, scopes, created_by) VALUES ($1, $2, $3, $4) RETURNING " + COLUMNS;
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM operators WHERE id = $1";
    private static final String FOR_SIGN_IN = """
            SELECT id, name, password_hash, scopes, active, locked_until, locked_until > studio_now() AS locked
            FROM operators WHERE name = $1""";
    private static final String PAGE = "SELECT " + COLUMNS + " FROM operators WHERE id < $1 ORDER BY id DESC LIMIT $2";
    private static final String FAILED = """
            UPDATE operators SET failed_attempts = failed_attempts + 1 WHERE id = $1 RETURNING failed_attempts""";
    private static final String LOCK = """
            UPDATE operators SET locked_until = studio_now() + make_interval(secs => $2), failed_attempts = 0
            WHERE id = $1 RETURNING locked_until""";
    private static final String SIGNED_IN = """
            UPDATE operators SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = studio_now() WHERE id = $1""";
    private static final String UNLOCK = "UPDATE operators SET failed_attempts = 0, locked_until = NULL WHERE id = $1";

    private OperatorAccounts() {
    }

    /** An account as sign-in reads it. */
    public record Account(long id, String name, String passwordHash, Set<String> scopes, boolean active,
                          Optional<OffsetDateTime> lockedUntil, boolean locked) {
        public String actor() {
            return "operator:" + name;
        }
    }

    /** The name as given, or a 400 saying what a name may hold. */
    public static String checkedName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw ApiError.field("name", "名字要有 1 到 32 个字，只能是文字、数字和 _.@-",
                    "a name has 1-32 letters, digits or _.@-");
        }
        return name;
    }

    /** The scopes as given, each known, or a 400 naming the unknown ones. */
    public static List<String> checkedScopes(List<String> scopes) {
        Set<String> unknown = new TreeSet<>(scopes);
        unknown.removeAll(ApiTokens.SCOPES);
        if (!unknown.isEmpty() || scopes.isEmpty()) {
            throw ApiError.field("scopes", "权限不对：" + (scopes.isEmpty() ? "至少给一项" : "不认识 " + unknown) + "；可以用的："
                    + new TreeSet<>(ApiTokens.SCOPES), "unknown or no scopes " + unknown + "; known: " + new TreeSet<>(ApiTokens.SCOPES));
        }
        return List.copyOf(new LinkedHashSet<>(scopes));
    }

    /** Creates an account and audits it as done by {@code actor}. */
    public static Future<JsonObject> create(SqlClient db, String name, String passwordHash, List<String> scopes, String actor) {
        return db.preparedQuery(INSERT).execute(Tuple.of(checkedName(name), passwordHash, checkedScopes(scopes).toArray(String[]::new),
                        actor))
                .map(rows -> json(rows.iterator().next()))
                .compose(created -> OperatorAudit.append(db, actor, "operators.create", "operator:" + created.getLong("id"),
                        new JsonObject().put("name", name).put("scopes", new JsonArray(scopes))).map(created));
    }

    public static Future<Optional<Account>> forSignIn(SqlClient db, String name) {
        return db.preparedQuery(FOR_SIGN_IN).execute(Tuple.of(name)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            return Optional.of(new Account(r.getLong("id"), r.getString("name"), r.getString("password_hash"),
                    Set.copyOf(List.of(r.getArrayOfStrings("scopes"))), r.getBoolean("active"),
                    Optional.ofNullable(r.getOffsetDateTime("locked_until")), Boolean.TRUE.equals(r.getBoolean("locked"))));
        });
    }

    /** One more wrong password; returns when the account is now locked until, if this locked it. */
    public static Future<Optional<OffsetDateTime>> failed(SqlClient db, Account account, DeskSettings settings) {
        return db.preparedQuery(FAILED).execute(Tuple.of(account.id())).compose(rows -> {
            int failures = rows.iterator().next().getInteger(0);
            if (failures < settings.lockoutFailures()) {
                return Future.succeededFuture(Optional.<OffsetDateTime>empty());
            }
            return db.preparedQuery(LOCK).execute(Tuple.of(account.id(), (double) settings.lockout().toSeconds()))
                    .map(locked -> Optional.of(locked.iterator().next().getOffsetDateTime(0)));
        });
    }

    public static Future<Void> signedIn(SqlClient db, long id) {
        return db.preparedQuery(SIGNED_IN).execute(Tuple.of(id)).mapEmpty();
    }

    public static Future<JsonObject> get(SqlClient db, long id) {
        return db.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                throw missing(id);
            }
            return json(rows.iterator().next());
        });
    }

    public static Future<List<JsonObject>> page(SqlClient db, long before, int fetch) {
        return db.preparedQuery(PAGE).execute(Tuple.of(before, fetch)).map(rows -> {
            List<JsonObject> out = new ArrayList<>();
            rows.forEach(r -> out.add(json(r)));
            return out;
        });
    }

    /** Changes scopes, activity or password (a hash made by the caller); audited; a deactivated account's sessions end. */
    public static Future<JsonObject> update(SqlClient db, long id, Optional<List<String>> scopes, Optional<Boolean> active,
                                            Optional<String> passwordHash, String actor) {
        List<String> sets = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        values.add(id);
        JsonObject detail = new JsonObject();
        scopes.ifPresent(s -> {
            values.add(checkedScopes(s).toArray(String[]::new));
            sets.add("scopes = $" + values.size());
            detail.put("scopes", new JsonArray(s));
        });
        active.ifPresent(a -> {
            values.add(a);
            sets.add("active = $" + values.size());
            detail.put("active", a);
        });
        passwordHash.ifPresent(h -> {
            values.add(h);
            sets.add("password_hash = $" + values.size() + ", password_changed_at = studio_now()");
            detail.put("password", "changed");
        });
        if (sets.isEmpty()) {
            throw new ApiError(Problem.INVALID_JSON, "没有要改的内容：scopes、active 或 password", "nothing to change: scopes, active or password");
        }
        return db.preparedQuery("UPDATE operators SET " + String.join(", ", sets) + " WHERE id = $1").execute(Tuple.from(values))
                .compose(rows -> {
                    if (rows.rowCount() == 0) {
                        throw missing(id);
                    }
                    return OperatorAudit.append(db, actor, "operators.update", "operator:" + id, detail);
                })
                .compose(v -> get(db, id));
    }

    public static Future<JsonObject> unlock(SqlClient db, long id, String actor) {
        return db.preparedQuery(UNLOCK).execute(Tuple.of(id)).compose(rows -> {
            if (rows.rowCount() == 0) {
                throw missing(id);
            }
            return OperatorAudit.append(db, actor, "operators.unlock", "operator:" + id, new JsonObject());
        }).compose(v -> get(db, id));
    }

    private static ApiError missing(long id) {
        return new ApiError(Problem.OPERATOR_NOT_FOUND, "没有编号为 " + id + " 的工作人员账号", "no operator account with id " + id);
    }

    private static JsonObject json(Row r) {
        return new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name"))
                .put("scopes", new JsonArray(List.of(r.getArrayOfStrings("scopes")))).put("active", r.getBoolean("active"))
                .put("locked", Boolean.TRUE.equals(r.getBoolean("locked")))
                .put("lockedUntil", time(r.getOffsetDateTime("locked_until"))).put("failedAttempts", r.getInteger("failed_attempts"))
                .put("createdAt", time(r.getOffsetDateTime("created_at"))).put("createdBy", r.getString("created_by"))
                .put("lastSignInAt", time(r.getOffsetDateTime("last_sign_in_at")))
                .put("passwordChangedAt", time(r.getOffsetDateTime("password_changed_at")));
    }

    private static String time(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
