package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.http.ApiTokens.Operator;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.Set;

/**
 * A ticket as the API shows it (one SELECT list for the list, the queue, one ticket and the live
 * feed), with what an operator may not see left out: the text and recording of a confidential
 * category without the {@code confidential} scope, the recording's path without {@code recordings}.
 * Times are instants (UTC); {@code overdue}: accepted work whose deadline has passed;
 * {@code late}: waiting for a volunteer longer than {@code tickets.accept-limit.*}.
 */
public final class TicketViews {
    /** $1, $2: the accept limits in seconds, urgent and normal. */
    static final String COLUMNS = """
            t.id, t.code, t.channel, t.kind, t.category, t.urgency, t.status, t.text, t.incomplete, t.registered,
            t.on_behalf, t.recording, t.created_at, t.accepted_at, t.done_at, t.escalated_at, t.closed_at, t.reopened_at,
            t.reopen_count, t.rating_done, t.rating_satisfaction, t.rated_at, t.level, t.escalation_step, t.due_at, t.held_until,
            t.close_kind, t.confidential, t.resident_id, r.name AS resident_name, r.village, r.village_group,
            v.name AS volunteer_name, t.accepted_by AS volunteer_id,
            (t.status = 'accepted' AND t.due_at < studio_now()) AS overdue,
            (t.status IN ('open', 'held', 'offered', 'escalated', 'reopened')
             AND t.created_at < studio_now() - make_interval(secs => CASE WHEN t.urgency = 'URGENT' THEN $1::float8 ELSE $2::float8 END)) AS late,
            extract(epoch FROM studio_now() - t.created_at)::bigint AS age_seconds""";
    static final String FROM =
            " FROM tickets t LEFT JOIN residents r ON r.id = t.resident_id LEFT JOIN volunteers v ON v.id = t.accepted_by";

    private final Set<String> confidentialCategories;

    public TicketViews(Set<String> confidentialCategories) {
        this.confidentialCategories = Set.copyOf(confidentialCategories);
    }

    boolean confidential(Row r) {
        return confidentialCategories.contains(r.getString("category")) || Boolean.TRUE.equals(r.getBoolean("confidential"));
    }

    /** Whether {@code operator} sees the text of the ticket in {@code r}. */
    boolean hidden(Row r, Operator operator) {
        return confidential(r) && !operator.may("confidential");
    }

    JsonObject json(Row r, Operator operator) {
        boolean redacted = hidden(r, operator);
        return new JsonObject()
                .put("id", r.getLong("id"))
                .put("code", r.getString("code"))
                .put("channel", r.getString("channel"))
                .put("kind", r.getString("kind"))
                .put("category", r.getString("category"))
                .put("urgency", r.getString("urgency"))
                .put("status", r.getString("status"))
                .put("level", r.getString("level"))
                .put("step", r.getString("escalation_step"))
                .put("text", redacted ? null : r.getString("text"))
                .put("redacted", redacted)
                .put("confidential", confidential(r))
                .put("incomplete", r.getBoolean("incomplete"))
                .put("registered", r.getBoolean("registered"))
                .put("onBehalf", r.getBoolean("on_behalf"))
                .put("hasRecording", r.getString("recording") != null)
                .put("recording", operator.may("recordings") && !redacted ? r.getString("recording") : null)
                .put("residentId", r.getLong("resident_id"))
                .put("resident", r.getString("resident_name"))
                .put("village", r.getString("village"))
                .put("villageGroup", r.getString("village_group"))
                .put("volunteerId", r.getLong("volunteer_id"))
                .put("volunteer", r.getString("volunteer_name"))
                .put("reopenCount", r.getInteger("reopen_count"))
                .put("rating", rating(r))
                .put("closeKind", r.getString("close_kind"))
                .put("overdue", Boolean.TRUE.equals(r.getBoolean("overdue")))
                .put("late", Boolean.TRUE.equals(r.getBoolean("late")))
                .put("ageSeconds", r.getLong("age_seconds"))
                .put("createdAt", time(r, "created_at"))
                .put("acceptedAt", time(r, "accepted_at"))
                .put("dueAt", time(r, "due_at"))
                .put("heldUntil", time(r, "held_until"))
                .put("doneAt", time(r, "done_at"))
                .put("escalatedAt", time(r, "escalated_at"))
                .put("closedAt", time(r, "closed_at"))
                .put("reopenedAt", time(r, "reopened_at"));
    }

    private static JsonObject rating(Row r) {
        return r.getOffsetDateTime("rated_at") == null ? null : new JsonObject().put("done", r.getBoolean("rating_done"))
                .put("satisfaction", r.getInteger("rating_satisfaction")).put("ratedAt", time(r, "rated_at"));
    }

    /** A timestamp column as an instant, or null. */
    public static String time(Row r, String column) {
        return r.getOffsetDateTime(column) == null ? null : r.getOffsetDateTime(column).toInstant().toString();
    }
}
