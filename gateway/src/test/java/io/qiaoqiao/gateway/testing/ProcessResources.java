package io.qiaoqiao.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * What this test process holds: its live platform threads (virtual threads end with their work
 * and are not counted by the JVM's thread bean) and its open file descriptors, sockets included
 * (Linux: {@code /proc/self/fd}; elsewhere none are counted). Taken before hostile input and
 * again after it, to show that nothing leaked.
 */
public record ProcessResources(int platformThreads, long openFiles, Map<String, Long> threadsByKind) {
    /** A few threads and files come and go on their own (a timer, a GC helper, a log file rolled). */
    private static final int THREAD_SLACK = 4;
    private static final int FILE_SLACK = 8;

    public static ProcessResources now() {
        Map<String, Long> kinds = Thread.getAllStackTraces().keySet().stream().filter(t -> !t.isVirtual())
                .collect(Collectors.groupingBy(t -> t.getName().replaceAll("[-#]?\\d+$", "").replaceAll("-[0-9a-f]{8}$", ""),
                        TreeMap::new, Collectors.counting()));
        return new ProcessResources(ManagementFactory.getThreadMXBean().getThreadCount(), countOpenFiles(), kinds);
    }

    /** Vert.x's default worker pool size. */
    private static final int VERTX_WORKER_POOL = 20;

    /** Platform threads, counting of each default-named pool only those past {@code poolCeiling}. */
    private long threadsBeyond(int poolCeiling) {
        return threadsByKind.entrySet().stream()
                .mapToLong(e -> e.getKey().matches("pool-\\d+-thread") ? Math.max(0, e.getValue() - poolCeiling)
                        // Vert.x's worker pool (the desk's password hashing) grows to its size and stays: bounded, not a leak.
                        : e.getKey().equals("vert.x-worker-thread") ? Math.max(0, e.getValue() - VERTX_WORKER_POOL)
                        : e.getValue())
                .sum();
    }

    private static long countOpenFiles() {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(fds)) {
            return list.count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Waits until the process holds no more threads and files than {@code before} (give or take a few). */
    public static void awaitBackTo(ProcessResources before, Duration within) {
        awaitBackTo(before, within, 0);
    }

    /**
     * As {@link #awaitBackTo(ProcessResources, Duration)}, where each pool of the JDK's default
     * naming ({@code pool-N-thread-M}) may have grown to {@code poolCeiling} threads: a fixed pool
     * (jsmpp's PDU processors, {@code smpp.receive-threads} in the gateway, 16 in the simulated
     * SMSC) starts its threads on demand and keeps them, which is its size reached, not a leak.
     */
    public static void awaitBackTo(ProcessResources before, Duration within, int poolCeiling) {
        try {
            Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> {
                ProcessResources now = now();
                return now.threadsBeyond(poolCeiling) <= before.threadsBeyond(poolCeiling) + THREAD_SLACK
                        && now.openFiles <= before.openFiles + FILE_SLACK;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            ProcessResources now = now();
            assertTrue(false, "leaked: threads " + before.platformThreads + " -> " + now.platformThreads + ", open files "
                    + before.openFiles + " -> " + now.openFiles + "; threads before " + before.threadsByKind + ", after "
                    + now.threadsByKind);
        }
    }
}
