package io.qiaoqiao.gateway.http;

import io.vertx.core.json.JsonObject;

/**
 * A request the API refuses: its {@link Problem} type, the detail the console shows (Chinese)
 * and the same in English for logs and scripts ({@link #getMessage()}), and any members the
 * problem document carries besides (the field that was wrong, the rows of a refused import).
 */
public final class ApiError extends RuntimeException {
    private final Problem problem;
    private final String detail;
    private final JsonObject members;

    public ApiError(Problem problem, String detail, String detailEn) {
        this(problem, detail, detailEn, new JsonObject());
    }

    private ApiError(Problem problem, String detail, String detailEn, JsonObject members) {
        super(detailEn, null, false, false);
        this.problem = problem;
        this.detail = detail;
        this.members = members;
    }

    /** The same error with one more member in its problem document, e.g. {@code field}. */
    public ApiError with(String name, Object value) {
        return new ApiError(problem, detail, getMessage(), members.copy().put(name, value));
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }

    /** The detail in Chinese, as the console shows it. */
    public String detail() {
        return detail;
    }

    public JsonObject members() {
        return members.copy();
    }

    /** A field of a request body that is wrong: 400 naming the field. */
    public static ApiError field(String field, String detail, String detailEn) {
        return new ApiError(Problem.INVALID_FIELD, detail, detailEn).with("field", field);
    }

    /** A query parameter that is wrong: 400 naming the parameter. */
    public static ApiError query(String parameter, String detail, String detailEn) {
        return new ApiError(Problem.INVALID_QUERY, detail, detailEn).with("parameter", parameter);
    }

    public static ApiError ticketNotFound(String code) {
        return new ApiError(Problem.TICKET_NOT_FOUND, "没有编号为 " + code + " 的求助", "no ticket with code " + code);
    }

    public static ApiError ticketState(String detail, String detailEn) {
        return new ApiError(Problem.TICKET_STATE_CONFLICT, detail, detailEn);
    }
}
