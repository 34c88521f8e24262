package io.qiaoqiao.gateway.testing;

import io.qiaoqiao.gateway.Main;
import io.qiaoqiao.gateway.config.Config;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in its own JVM, so a test can kill it the way an operating system does
 * (SIGKILL: no shutdown hooks, no unbind, connections cut mid-flight).
 */
public final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java -cp <this test's class path> Main run} with the settings as QIAOQIAO_* variables. */
    public static GatewayProcess start(String name, Map<String, String> settings) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run"));
        settings.forEach((k, v) -> pb.environment().put(Config.envName(k), v));
        pb.environment().put(Config.envName("node.id"), name);
        Path log = Files.createDirectories(Path.of("target", "gateway-processes")).resolve(name + "-" + System.nanoTime() + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new GatewayProcess(pb.start(), log);
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean alive() {
        return process.isAlive();
    }

    public File log() {
        return log.toFile();
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
