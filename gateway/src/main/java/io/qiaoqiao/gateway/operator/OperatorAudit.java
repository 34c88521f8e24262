package io.qiaoqiao.gateway.operator;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The append-only trail of what operators did through the API — roster edits, exports,
 * ticket actions, reads of confidential requests and recordings — written in the same
 * transaction as the change it records.
 */
public final class OperatorAudit {
    private static final String APPEND = "INSERT INTO operator_audit (operator, action, target, detail) VALUES ($1, $2, $3, $4)";

    private OperatorAudit() {
    }

    /** @param target what the action was about, e.g. {@code ticket:1042} or {@code volunteer:7} (never a phone) */
    public static Future<Void> append(SqlClient db, String operator, String action, String target, JsonObject detail) {
        return db.preparedQuery(APPEND).execute(Tuple.of(operator, action, target, detail)).mapEmpty();
    }
}
