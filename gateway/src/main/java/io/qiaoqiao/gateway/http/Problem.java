package io.qiaoqiao.gateway.http;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A kind of error the API answers with (RFC 9457 problem details): a stable type URI the
 * console and scripts can switch on, the HTTP status, and a short Chinese title. The detail of
 * each occurrence is carried by {@link ApiError}. Types are never renamed once published: the
 * OpenAPI document lists every one ({@link #known()}).
 *
 * @param slug   the last part of the type URI, e.g. {@code ticket-not-found}
 * @param status the HTTP status it is answered with
 * @param title  what kind of problem it is, in the console's words
 */
public record Problem(String slug, int status, String title) {
    /** Where the type URIs live; they name problems, they are not fetched. */
    public static final String BASE = "https://qiaoqiao.io/problems/";
    private static final Map<String, Problem> KNOWN = new ConcurrentSkipListMap<>();

    public Problem {
        if (!slug.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("a problem slug is lower-case words joined by '-': " + slug);
        }
    }

    /** Declares a problem type once; declaring the same slug with another status or title is a bug. */
    public static Problem of(String slug, int status, String title) {
        Problem problem = new Problem(slug, status, title);
        Problem before = KNOWN.putIfAbsent(slug, problem);
        if (before != null && !before.equals(problem)) {
            throw new IllegalStateException("problem type " + slug + " declared twice, differently");
        }
        return problem;
    }

    /** "Not found" for one kind of thing: {@code volunteer} → {@code volunteer-not-found}, 找不到这位志愿者. */
    public static Problem notFound(String thing, String chineseTitle) {
        return of(thing + "-not-found", 404, chineseTitle);
    }

    public String type() {
        return BASE + slug;
    }

    /** Every problem type declared so far, by slug. */
    public static Collection<Problem> known() {
        return Collections.unmodifiableCollection(KNOWN.values());
    }

    public static final Problem INVALID_JSON = of("invalid-json", 400, "请求内容不是有效的 JSON 对象");
    public static final Problem INVALID_FIELD = of("invalid-field", 400, "字段不符合要求");
    public static final Problem UNKNOWN_FIELD = of("unknown-field", 400, "请求中有不认识的字段");
    public static final Problem INVALID_QUERY = of("invalid-query", 400, "查询参数不符合要求");
    public static final Problem INVALID_PATH = of("invalid-path", 400, "路径中的编号不对");
    public static final Problem BAD_REQUEST = of("bad-request", 400, "请求有误");
    public static final Problem NOT_SIGNED_IN = of("not-signed-in", 401, "需要登录或令牌");
    public static final Problem INVALID_TOKEN = of("invalid-token", 401, "令牌无效");
    public static final Problem SESSION_EXPIRED = of("session-expired", 401, "登录已失效，请重新登录");
    public static final Problem SIGN_IN_FAILED = of("sign-in-failed", 401, "名字或密码不对");
    public static final Problem SCOPE_MISSING = of("scope-missing", 403, "没有这项权限");
    public static final Problem CSRF_TOKEN_INVALID = of("csrf-token-invalid", 403, "页面令牌不对，请刷新页面后再试");
    public static final Problem CONFIDENTIAL = of("confidential", 403, "保密求助，需要保密权限");
    public static final Problem SAME_OPERATOR = of("same-operator", 403, "需要另一位工作人员批准");
    public static final Problem NO_SUCH_ENDPOINT = of("no-such-endpoint", 404, "没有这个接口");
    public static final Problem TICKET_NOT_FOUND = notFound("ticket", "找不到这条求助");
    public static final Problem VOLUNTEER_NOT_FOUND = notFound("volunteer", "找不到这条志愿者记录");
    public static final Problem RESIDENT_NOT_FOUND = notFound("resident", "找不到这条居民记录");
    public static final Problem OPERATOR_NOT_FOUND = notFound("operator", "找不到这个工作人员账号");
    public static final Problem POINTS_REQUEST_NOT_FOUND = notFound("points-request", "找不到这条积分申请");
    public static final Problem RECORDING_NOT_FOUND = notFound("recording", "找不到录音");
    public static final Problem ROSTER_FILE_NOT_FOUND = notFound("roster-file", "没有这个名单文件");
    public static final Problem BROADCAST_NOT_FOUND = notFound("broadcast", "找不到这次广播");
    public static final Problem HELP_ITEM_NOT_FOUND = notFound("help-item", "找不到这条帮扶事项");
    public static final Problem CHECKIN_PLAN_NOT_FOUND = notFound("checkin-plan", "找不到这条问安计划");
    public static final Problem ALREADY_EXISTS = of("already-exists", 409, "已经有相同的记录");
    public static final Problem STILL_REFERENCED = of("still-referenced", 409, "还有别的记录用到它，不能删除");
    public static final Problem REFERENCE_MISSING = of("reference-missing", 409, "引用的记录不存在");
    public static final Problem TICKET_STATE_CONFLICT = of("ticket-state-conflict", 409, "求助现在的状态不允许这样做");
    public static final Problem VOLUNTEER_UNAVAILABLE = of("volunteer-unavailable", 409, "这位志愿者现在不能接这条求助");
    public static final Problem ALREADY_DECIDED = of("already-decided", 409, "这条申请已经处理过了");
    public static final Problem BROADCAST_ENDED = of("broadcast-ended", 409, "这次广播已经结束或取消了");
    public static final Problem NOT_AVAILABLE_HERE = of("not-available-here", 409, "这个网关上不能这样做");
    public static final Problem BODY_TOO_LARGE = of("body-too-large", 413, "请求内容太大");
    public static final Problem RECORDING_TYPE_UNSUPPORTED = of("recording-type-unsupported", 415, "录音格式不支持");
    public static final Problem ROSTER_ROWS_INVALID = of("roster-rows-invalid", 422, "名单里有不对的行，什么都没有导入");
    public static final Problem PLUGIN_RELOAD_REFUSED = of("plugin-reload-refused", 422, "插件没有重新加载，仍用原来的");
    public static final Problem NOTICE_SOUND_FAILED = of("notice-sound-failed", 422, "没能做出广播的声音");
    public static final Problem ACCOUNT_LOCKED = of("account-locked", 423, "账号暂时锁定");
    public static final Problem INTERNAL_ERROR = of("internal-error", 500, "网关内部出错");
    public static final Problem DATABASE_UNAVAILABLE = of("database-unavailable", 503, "数据库暂时连不上");
    public static final Problem DATABASE_NOT_ANSWERING = of("database-not-answering", 503, "数据库没有及时回答");
    public static final Problem SOUND_TOOLS_UNAVAILABLE = of("sound-tools-unavailable", 503, "网关上做声音的工具不可用");
}
