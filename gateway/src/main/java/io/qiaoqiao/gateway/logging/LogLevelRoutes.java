package io.qiaoqiao.gateway.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.qiaoqiao.gateway.http.Api;
import io.qiaoqiao.gateway.http.ApiAccess;
import io.qiaoqiao.gateway.http.Problem;
import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.Input;
import io.qiaoqiao.gateway.operator.OperatorAudit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Logger levels of this node, changed while it runs:
 * <ul>
 *   <li>{@code GET /api/logging} ({@code logging.read}): every logger with a level of its own,
 *       and the root level;</li>
 *   <li>{@code POST /api/logging} {@code {"logger": "io.qiaoqiao.gateway.sms", "level": "DEBUG"}}
 *       ({@code logging.write}): sets one logger's level; {@code "level": null} makes it inherit
 *       again; {@code "logger": "ROOT"} is the root. Audited like every operator change.</li>
 * </ul>
 * A level set here lasts until the process stops or Logback re-reads a scanned {@code log.config}
 * file (which resets every level to the file's).
 */
public final class LogLevelRoutes {
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(LogLevelRoutes.class);
    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
    private static final Pattern LOGGER_NAME = Pattern.compile("[A-Za-z0-9_$.-]{1,200}");

    private final SqlClient db;

    public LogLevelRoutes(SqlClient db) {
        this.db = db;
    }

    /** Mounted inside the operator API, after its token guard. */
    public void mount(Api api) {
        api.get("/api/logging", "logging.read").summary("这个节点的日志级别").tag("logging").ok("LogLevels")
                .answer(ctx -> Future.succeededFuture(Reply.ok(describe(context()))));
        api.post("/api/logging", "logging.write").summary("改一个日志器的级别（审计）").tag("logging").body("LogLevelChange")
                .ok("LogLevel").problems(409).answer(this::set);
    }

    private Future<Reply> set(RoutingContext ctx) {
        LoggerContext context = context();
        Input body = ApiAccess.body(ctx).onlyFields(Set.of("logger", "level"));
        String name = body.requiredText("logger", 200);
        if (!LOGGER_NAME.matcher(name).matches()) {
            throw ApiError.field("logger", "logger 应当是日志器的名字，如 io.qiaoqiao.gateway.sms 或 ROOT",
                    "logger must be a logger name such as io.qiaoqiao.gateway.sms or ROOT");
        }
        if (!body.has("level")) {
            throw ApiError.field("level", "缺少 level：" + LEVELS + " 之一，或 null（沿用上级）",
                    "level is required: one of " + LEVELS + ", or null to inherit");
        }
        String levelName = body.text("level", 5).map(l -> l.toUpperCase(Locale.ROOT)).orElse(null);
        if (levelName != null && !LEVELS.contains(levelName)) {
            throw ApiError.field("level", "level 应当是 " + LEVELS + " 之一，或 null（沿用上级）",
                    "level must be one of " + LEVELS + ", or null to inherit");
        }
        boolean root = name.equalsIgnoreCase(Logger.ROOT_LOGGER_NAME);
        if (root && levelName == null) {
            throw ApiError.field("level", "根日志器必须有级别", "the root logger always has a level");
        }
        Logger logger = context.getLogger(root ? Logger.ROOT_LOGGER_NAME : name);
        String operator = ApiAccess.operator(ctx).actor();
        JsonObject detail = new JsonObject().put("logger", logger.getName())
                .put("from", logger.getLevel() == null ? null : logger.getLevel().toString()).put("to", levelName);
        return OperatorAudit.append(db, operator, "logging.level", logger.getName(), detail).map(v -> {
            logger.setLevel(levelName == null ? null : Level.toLevel(levelName));
            log.info("logger {} set to {} by {}", logger.getName(), levelName == null ? "inherit" : levelName, operator);
            return Reply.ok(describe(logger));
        });
    }

    private static JsonObject describe(LoggerContext context) {
        JsonArray loggers = new JsonArray();
        for (Logger logger : context.getLoggerList()) {
            if (logger.getLevel() != null && !logger.getName().equals(Logger.ROOT_LOGGER_NAME)) {
                loggers.add(describe(logger));
            }
        }
        return new JsonObject().put("root", context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel().toString())
                .put("loggers", loggers);
    }

    private static JsonObject describe(Logger logger) {
        return new JsonObject().put("logger", logger.getName())
                .put("level", logger.getLevel() == null ? null : logger.getLevel().toString())
                .put("effective", logger.getEffectiveLevel().toString());
    }

    private static LoggerContext context() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            return context;
        }
        throw new ApiError(Problem.NOT_AVAILABLE_HERE, "这个进程的日志不经过 Logback，不能在这里改级别",
                "logging does not go through Logback in this process; levels cannot be changed here");
    }
}
