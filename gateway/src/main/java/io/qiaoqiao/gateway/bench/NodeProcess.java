package io.qiaoqiao.gateway.bench;

import io.qiaoqiao.gateway.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A {@link BenchNode} child JVM, stopped politely or with SIGKILL. */
final class NodeProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private NodeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static NodeProcess start(String name, String routing, Map<String, String> settings, Path logDir) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                BenchNode.class.getName(), routing));
        settings.forEach((k, v) -> pb.environment().put(Config.envName(k), v));
        pb.environment().put(Config.envName("node.id"), name);
        Path log = logDir.resolve(name + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new NodeProcess(name, pb.start(), log);
    }

    /** Waits for the node's ready line; fails with the end of its log when it died or took too long. */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            if (Files.readString(log).contains(BenchNode.READY)) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        String text = Files.readString(log);
        throw new IllegalStateException("node " + name + " did not start; its log ends:\n"
                + text.substring(Math.max(0, text.length() - 3000)));
    }

    /** SIGKILL: no shutdown hook, no unbind, connections cut mid-flight. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
