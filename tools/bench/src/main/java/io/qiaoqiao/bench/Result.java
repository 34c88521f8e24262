package io.qiaoqiao.bench;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** One scenario's figures, in the order they are reported. */
public final class Result {
    private final String scenario;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    public Result(String scenario) {
        this.scenario = scenario;
    }

    public Result put(String name, Object value) {
        figures.put(name, value instanceof Double d ? Math.round(d * 10) / 10.0 : value);
        return this;
    }

    public String scenario() {
        return scenario;
    }

    public Map<String, Object> figures() {
        return figures;
    }

    /** {@code {"scenario":"…", …figures}} on one line. */
    public String json() {
        JsonObject out = new JsonObject().put("scenario", scenario);
        figures.forEach(out::put);
        return out.encode();
    }
}
