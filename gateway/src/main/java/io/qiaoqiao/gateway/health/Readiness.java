package io.qiaoqiao.gateway.health;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Ready to take work: the database answers (through {@link DatabaseProbe}, never the intake
 * pool) and every enabled link is up. The answer names each part's state, e.g.
 * {@code {"status":"UP","database":"UP","smpp":"BOUND","ami":"CONNECTED","agi":"LISTENING"}}.
 */
public final class Readiness {
    private final DatabaseProbe database;
    private final List<Dependency> links;

    public Readiness(DatabaseProbe database, List<Dependency> links) {
        this.database = database;
        this.links = List.copyOf(links);
    }

    /** The state of every part; {@code ready} is true when all of them allow it. */
    public record Report(boolean ready, JsonObject body) {
    }

    /** Answered from memory: the probe's last answer and the links' states. */
    public Report check() {
        boolean db = database.reachable();
        boolean ready = db;
        JsonObject body = new JsonObject().put("status", "DOWN").put("database", db ? "UP" : "DOWN");
        for (Dependency link : links) {
            ready &= link.ready();
            body.put(link.name(), link.state());
        }
            body.put("status", ready ? "UP" : "DOWN");
        return new Report(ready, body);
    }
}
