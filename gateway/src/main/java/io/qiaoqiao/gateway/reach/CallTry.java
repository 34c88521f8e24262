package io.qiaoqiao.gateway.reach;

import io.vertx.sqlclient.Row;

/**
 * One try of a call not about a ticket: one outbox row.
 *
 * @param outboxId  the row, which the call carries as {@code QQ_CALL} and its script as {@code ?call=}
 * @param kind      whose call it is ({@code broadcast}, {@code checkin})
 * @param subjectId the broadcast recipient or the check-in it is for
 * @param tryNo     1 for the first try
 * @param phone     E.164
 * @param script    the FastAGI script the answered call runs
 */
public record CallTry(long outboxId, String kind, long subjectId, int tryNo, String phone, String script) {
    static final String COLUMNS = "id, reach_kind, reach_id, try_no, recipient, script";

    static CallTry of(Row row) {
        return new CallTry(row.getLong("id"), row.getString("reach_kind"), row.getLong("reach_id"), row.getInteger("try_no"),
                row.getString("recipient"), row.getString("script"));
    }
}
