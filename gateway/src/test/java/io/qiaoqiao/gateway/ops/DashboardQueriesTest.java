package io.qiaoqiao.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Grafana dashboards are valid JSON and query only metrics of the catalog, through the provisioned data source. */
class DashboardQueriesTest {
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");

    @ParameterizedTest
    @ValueSource(strings = {"qiaoqiao-studio.json", "qiaoqiao-engineering.json"})
    void dashboard_is_valid_json_and_queries_only_catalog_metrics(String file) {
        JsonObject dashboard;
        try {
            dashboard = new JsonObject(OpsFiles.read("grafana/dashboards/" + file));
        } catch (DecodeException e) {
            throw new AssertionError(file + " is not valid JSON: " + e.getMessage(), e);
        }
        assertFalse(dashboard.getString("uid", "").isEmpty(), "a stable uid, so links survive re-provisioning");
        Set<String> catalog = OpsFiles.catalogSeries();
        List<String> queries = new ArrayList<>();
        collect(dashboard.getJsonArray("panels"), "expr", queries);
        assertFalse(queries.isEmpty(), file + " has no queries");
        Set<String> unknown = new TreeSet<>();
        for (String expr : queries) {
            Set<String> used = OpsFiles.metricsIn(expr);
            assertFalse(used.isEmpty(), "query uses no metric: " + expr);
            used.stream().filter(m -> !catalog.contains(m)).forEach(m -> unknown.add(m + "  in  " + expr));
        }
        for (Object variable : dashboard.getJsonObject("templating").getJsonArray("list")) {
            Matcher m = LABEL_VALUES.matcher(((JsonObject) variable).getString("query", ""));
            while (m.find()) {
                if (!catalog.contains(m.group(1))) {
                    unknown.add(m.group(1) + "  in variable " + ((JsonObject) variable).getString("name"));
                }
            }
        }
        assertEquals(Set.of(), unknown, file + " queries metrics that ops/metrics.md does not list");
        List<String> sources = new ArrayList<>();
        collect(dashboard.getJsonArray("panels"), "uid", sources);
        assertTrue(OpsFiles.read("grafana/provisioning/datasources/prometheus.yml").contains("uid: qiaoqiao-prometheus"));
        assertEquals(Set.of("qiaoqiao-prometheus"), Set.copyOf(sources), "every panel uses the provisioned data source");
    }

    /** Every string value under {@code key}, at any depth. */
    private static void collect(Object node, String key, List<String> out) {
        if (node instanceof JsonObject object) {
            object.forEach(e -> {
                if (e.getKey().equals(key) && e.getValue() instanceof String s) {
                    out.add(s);
                } else {
                    collect(e.getValue(), key, out);
                }
            });
        } else if (node instanceof JsonArray array) {
            array.forEach(item -> collect(item, key, out));
        }
    }
}
