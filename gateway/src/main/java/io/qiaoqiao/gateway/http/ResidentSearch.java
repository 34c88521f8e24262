package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.qiaoqiao.gateway.operator.RosterTables;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/residents/search?q=}: the residents a desk operator means by a name or a phone
 * someone gave — part of a name (王秀), or some digits of the resident's phone or of a family
 * contact's (the son who rang the studio). Mounted before the residents' CRUD routes, whose
 * {@code /api/residents/{id}} would otherwise take "search" for an id.
 */
public final class ResidentSearch {
    private static final String SEARCH = """
            SELECT r.*, (SELECT f.name FROM family_contacts f WHERE f.resident_id = r.id AND $2 <> ''
                           AND regexp_replace(f.phone, '[^0-9]', '', 'g') LIKE '%' || $2 || '%' ORDER BY f.id LIMIT 1) AS via_family
            FROM residents r
            WHERE r.id < $3 AND (r.name ILIKE '%' || $1 || '%' ESCAPE '\\'
                   OR ($2 <> '' AND regexp_replace(r.phone, '[^0-9]', '', 'g') LIKE '%' || $2 || '%')
                   OR ($2 <> '' AND EXISTS (SELECT 1 FROM family_contacts f WHERE f.resident_id = r.id
                                            AND regexp_replace(f.phone, '[^0-9]', '', 'g') LIKE '%' || $2 || '%')))
            ORDER BY r.id DESC LIMIT $4""";
    private static final int MIN_DIGITS = 4;

    private final Pool pool;

    public ResidentSearch(Pool pool) {
        this.pool = pool;
    }

    public void mount(Api api) {
        api.get("/api/residents/search", "roster.read").summary("按姓名或电话（也包括家属电话）找居民").tag("roster")
                .query("q", "string", "姓名的一部分，或电话里至少 4 位连续数字").paged().ok("ResidentSearchPage").answer(this::search);
    }

    private Future<Reply> search(RoutingContext ctx) {
        String q = ctx.queryParams().get("q") == null ? "" : ctx.queryParams().get("q").strip();
        if (q.isEmpty() || q.length() > 50) {
            throw ApiError.query("q", "请给出要找的姓名或电话（1 到 50 个字）", "q must be 1-50 characters: part of a name or phone");
        }
        String digits = q.replaceAll("[^0-9０-９]", "");
        digits = digits.chars().map(c -> c >= '０' && c <= '９' ? c - '０' + '0' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        // A phone from the studio's notes may be written +86 138..., 0086 138... or 138-...: the
        // national digits are what every form shares.
        if (digits.startsWith("0086")) {
            digits = digits.substring(4);
        } else if (digits.startsWith("86") && digits.length() > 11) {
            digits = digits.substring(2);
        }
        String phoneDigits = digits.length() >= MIN_DIGITS ? digits : "";
        String namePart = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        Page page = Page.of(ctx);
        var residents = RosterTables.named("residents");
        return pool.preparedQuery(SEARCH).execute(Tuple.of(namePart, phoneDigits, page.before(), page.fetch())).map(rows -> {
            List<JsonObject> out = new ArrayList<>();
            rows.forEach(r -> out.add(residents.toJson(r).put("viaFamily", r.getString("via_family"))));
            return Reply.ok(page.answer(ctx, "residents", out, r -> r.getLong("id")));
        });
    }
}
