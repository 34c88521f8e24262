package io.qiaoqiao.gateway.broadcast;

import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.routing.Candidates;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When a broadcast is done, the leaders of the groups serving each village group get the names
 * of their residents its calls did not reach (already texted, but a text is not a knock on the
 * door). A leader serving several village groups gets one list; a long list is split over
 * several texts of {@value #PER_TEXT} names each, so each stays a few SMS segments long.
 */
final class LeaderLists {
    static final int PER_TEXT = 15;
    private static final String NOT_REACHED = """
            SELECT name, village, village_group FROM broadcast_recipients
            WHERE broadcast_id = $1 AND status = 'not_reached' ORDER BY village, village_group, id""";
    private static final String TOLD = "UPDATE broadcasts SET leaders_told_at = studio_now() WHERE id = $1";

    private final Texts texts;

    LeaderLists(Texts texts) {
        this.texts = texts;
    }

    Future<Void> tell(SqlClient db, long broadcastId, String title) {
        return db.preparedQuery(NOT_REACHED).execute(Tuple.of(broadcastId)).compose(rows -> {
            Map<String, List<String>> byPlace = new LinkedHashMap<>();
            for (Row r : rows) {
                byPlace.computeIfAbsent(r.getString("village") + "\u0000" + r.getString("village_group"), k -> new ArrayList<>())
                        .add(r.getString("name") + "（" + r.getString("village") + r.getString("village_group") + "）");
            }
            if (byPlace.isEmpty()) {
                return Future.succeededFuture();
            }
            Map<String, List<String>> byLeader = new LinkedHashMap<>();
            Future<Void> chain = Future.succeededFuture();
            for (Map.Entry<String, List<String>> place : byPlace.entrySet()) {
                String[] key = place.getKey().split("\u0000");
                chain = chain.compose(v -> Candidates.leadersFor(db, Optional.of(key[0]), Optional.of(key[1])).map(leaders -> {
                    leaders.forEach(l -> byLeader.computeIfAbsent(l.phone(), p -> new ArrayList<>()).addAll(place.getValue()));
                    return null;
                }));
            }
            return chain.compose(v -> {
                Future<Void> texted = Future.succeededFuture();
                for (Map.Entry<String, List<String>> leader : byLeader.entrySet()) {
                    List<String> names = leader.getValue();
                    for (int from = 0; from < names.size(); from += PER_TEXT) {
                        List<String> part = names.subList(from, Math.min(names.size(), from + PER_TEXT));
                        texted = texted.compose(x -> Outbox.text(db, leader.getKey(),
                                texts.broadcastNotReached(title, part.size(), String.join("、", part)), "broadcast_not_reached", null));
                    }
                }
                return texted;
            }).compose(v -> db.preparedQuery(TOLD).execute(Tuple.of(broadcastId))).mapEmpty();
        });
    }
}
