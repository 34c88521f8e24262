package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.plugins.PluginSet;
import io.qiaoqiao.gateway.routing.RoutingDecision;
import io.qiaoqiao.gateway.routing.RuleVerdict;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Each rule's verdict, the ranking and the rejections of one decision: why it was taken, for the ticket's events. */
final class RoutingAudit {
    private RoutingAudit() {
    }

    static JsonObject detail(PluginSet set, RoutingDecision decision) {
        JsonObject rules = new JsonObject();
        for (RuleVerdict v : decision.verdicts()) {
            String verdict = v.filterFailure().map(why -> "held, filter failed: " + why)
                    .or(() -> v.scoreFailure().map(why -> "scores dropped: " + why)).orElse("ok");
            JsonObject rule = new JsonObject().put("plugin", v.rule().pluginId())
                    .put("weight", set.engine().weight(v.rule().id())).put("verdict", verdict);
            v.holdUntil().ifPresent(until -> rule.put("holdUntil", until.toString()));
            if (v.confidential()) {
                rule.put("confidential", true);
            }
            rules.put(v.rule().id(), rule);
        }
        JsonArray ranking = new JsonArray();
        decision.ranked().stream().limit(10).forEach(r -> ranking.add(new JsonObject()
                .put("volunteerId", r.candidate().volunteerId())
                .put("score", r.score())
                .put("byRule", json(r.scoresByRule()))));
        return new JsonObject().put("rules", rules).put("ranking", ranking).put("rejected", json(decision.rejections()))
                .put("confidential", decision.confidential());
    }

    private static JsonObject json(Map<?, ?> map) {
        JsonObject out = new JsonObject();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
