package io.qiaoqiao.demo;

import io.qiaoqiao.gateway.DemoKit;
import io.qiaoqiao.gateway.config.Config;

/** How the gateway's {@code demo} command finds the demo (META-INF/services). */
public final class DemoKitService implements DemoKit {
    @Override
    public AutoCloseable start(Config config) throws Exception {
        DemoMode demo = DemoMode.start(config);
        try {
            demo.playScenario();
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
        return demo;
    }
}
