package io.qiaoqiao.gateway.testing;

import io.qiaoqiao.gateway.Main;
import io.qiaoqiao.gateway.bench.NodeProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A gateway in its own JVM, so a test can kill it the way an operating system does
 * (SIGKILL: no shutdown hooks, no unbind, connections cut mid-flight).
 */
public final class GatewayProcess implements AutoCloseable {
    private final NodeProcess process;
    private final Path log;

    private GatewayProcess(NodeProcess process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java -cp <this test's class path> Main run} with the settings as QIAOQIAO_*
     * variables; its clock is the suite's ({@link StudioTime}) unless the settings pin
     * {@code clock.offset}.
     */
    public static GatewayProcess start(String name, Map<String, String> settings) throws IOException {
        Path log = Files.createDirectories(Path.of("target", "gateway-processes")).resolve(name + "-" + System.nanoTime() + ".log");
        return new GatewayProcess(NodeProcess.start(name, "-Xmx512m", List.of(Main.class.getName(), "run"),
                StudioTime.withSuiteClock(settings), log), log);
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() throws InterruptedException {
        process.kill();
    }

    public boolean alive() {
        return process.alive();
    }

    public File log() {
        return log.toFile();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
