package io.qiaoqiao.gateway.bench;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.routing.InstalledPlugins;
import io.qiaoqiao.plugin.api.RoutingRule;
import java.util.List;

/**
 * A gateway node as the benchmark starts it, in its own JVM: configured from QIAOQIAO_*
 * variables like {@code java -jar … run}, with either every installed plugin or the installed
 * classifier and one trivial routing rule (admits everyone, scores nobody), so the cost of the
 * routing plugins can be compared in the same run.
 */
public final class BenchNode {
    static final String READY = "BENCH NODE READY";

    private BenchNode() {
    }

    /** {@code BenchNode all|trivial} */
    public static void main(String[] args) throws InterruptedException {
        Config config = Config.load(null, System.getenv());
        InstalledPlugins plugins = InstalledPlugins.discover(config, BenchNode.class.getClassLoader());
        if (args.length > 0 && args[0].equals("trivial")) {
            RoutingRule trivial = () -> "trivial";
            plugins = new InstalledPlugins(plugins.classifier(), List.of(trivial));
        }
        Gateway gateway = Gateway.start(config, plugins);
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::stop, "shutdown"));
        System.out.println(READY);
        System.out.flush();
        Thread.currentThread().join();
    }
}
