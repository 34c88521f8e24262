package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.dispatch.ReplyHandler.Outcome;
import io.qiaoqiao.gateway.logging.LogContext;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.roster.Directory.Volunteer;
import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.NewTicket;
import io.qiaoqiao.gateway.ticket.Place;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.qiaoqiao.plugin.api.Classifier;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 上报 [place] what: a grid worker (any volunteer) reports something upward, and it becomes a
 * ticket of channel {@code grid}, kind {@code report}, with no resident, at the place the text
 * names (a village group of the sender's village, e.g. "上报 二组 路灯坏了") or else the sender's
 * own: their group's village and the first village group it serves. It is routed like any other
 * ticket, except that the reporter is never offered their own report.
 */
final class GridReports {
    private static final Logger log = LoggerFactory.getLogger(GridReports.class);
    private static final String SENDERS_GROUP = "SELECT village, serves FROM volunteer_groups WHERE id = $1";
    // The village groups people of this village live in or volunteers serve: the places a report may name.
    private static final String PLACES = """
            SELECT unnest(serves) AS village_group FROM volunteer_groups WHERE village = $1
            UNION SELECT village_group FROM residents WHERE village = $1""";
    // The SMSC delivers a text again when its response was lost: the same report within minutes is that text.
    private static final String SAME_REPORT = """
            SELECT code FROM tickets WHERE requester_phone = $1 AND channel = 'grid' AND text = $2
              AND created_at > studio_now() - interval '10 minutes' ORDER BY id LIMIT 1""";

    private final Dispatcher dispatcher;
    private final Texts texts;
    private final Classifier classifier;
    private final GatewayMetrics metrics;

    GridReports(Dispatcher dispatcher, Classifier classifier, GatewayMetrics metrics) {
        this.dispatcher = dispatcher;
        this.texts = dispatcher.texts();
        this.classifier = classifier;
        this.metrics = metrics;
    }

    Future<Outcome> open(SqlClient db, AfterCommit after, Volunteer reporter, String words) {
        return db.preparedQuery(SENDERS_GROUP).execute(Tuple.of(reporter.groupId())).compose(rows -> {
            Row group = rows.iterator().next();
            String village = group.getString("village");
            String[] serves = group.getArrayOfStrings("serves");
            Place own = new Place(village, serves.length > 0 ? serves[0] : "");
            return places(db, village).compose(known -> {
                Named named = named(words, village, known).orElse(new Named(own, words));
                if (named.what().isEmpty()) {
                    return ReplyHandler.tell(db, reporter, texts.volunteerHelp(), Outcome.HELP);
                }
                return db.preparedQuery(SAME_REPORT).execute(Tuple.of(reporter.phone(), named.what())).compose(same -> same.size() > 0
                        ? ReplyHandler.tell(db, reporter, texts.reportReceived(same.iterator().next().getString(0)), Outcome.REPORTED)
                        : create(db, after, reporter, named));
            });
        });
    }

    private Future<Outcome> create(SqlClient db, AfterCommit after, Volunteer reporter, Named named) {
        NewTicket report = new NewTicket("grid", "report", Optional.empty(), reporter.phone(), false,
                classifier.classify(named.what()), named.what(), false, Optional.empty(), Optional.empty(), Optional.of(named.place()));
        return Tickets.create(db, report, "grid:" + reporter.phone()).compose(created -> {
            after.add(() -> metrics.ticketCreated(created));
            after.add(() -> LogContext.withTicket(created.code(), () -> log.info("ticket {} reported by {} at {} ({}, {})",
                    created.code(), PhoneNumbers.mask(reporter.phone()), named.place().label(), created.category(), created.urgency())));
            return Outbox.text(db, reporter.phone(), texts.reportReceived(created.code()), "received", created.id())
                    .compose(v -> dispatcher.start(db, after, created))
                    .map(Outcome.REPORTED);
        });
    }

    /** The place a report is about and what it says, once the place's words are taken off the front. */
    record Named(Place place, String what) {
    }

    /**
     * The place the report's words begin with: a known village group of {@code village}, with or
     * without the village's name in front (二组 / 桥头村二组), the longest that fits.
     */
    static Optional<Named> named(String words, String village, List<String> villageGroups) {
        String rest = words.startsWith(village) ? words.substring(village.length()) : words;
        List<String> longestFirst = new ArrayList<>(villageGroups);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        for (String group : longestFirst) {
            if (!group.isEmpty() && rest.startsWith(group)) {
                String what = rest.substring(group.length()).replaceFirst("^[\\s\\u3000\\p{IsPunctuation}]+", "").strip();
                return Optional.of(new Named(new Place(village, group), what));
            }
        }
        return Optional.empty();
    }

    private static Future<List<String>> places(SqlClient db, String village) {
        return db.preparedQuery(PLACES).execute(Tuple.of(village)).map(rows -> {
            List<String> out = new ArrayList<>();
            rows.forEach(r -> out.add(r.getString(0)));
            return out;
        });
    }
}
