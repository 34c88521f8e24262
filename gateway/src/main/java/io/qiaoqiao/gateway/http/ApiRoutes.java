package io.qiaoqiao.gateway.http;

import io.vertx.ext.web.Router;

/** A capability's own routes under {@code /api}, mounted behind the token guard and before the fallbacks. */
public interface ApiRoutes {
    void mount(Router router, ApiAccess access);
}
