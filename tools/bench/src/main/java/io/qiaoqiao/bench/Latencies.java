package io.qiaoqiao.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, recorded from any thread; percentiles in milliseconds. */
public final class Latencies {
    private long[] samples = new long[1 << 16];
    private int count;

    public synchronized void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    public synchronized int count() {
        return count;
    }

    /** Percentiles ({@code 50}, {@code 99.9}, {@code 100} for the maximum) in ms, to 0.1 ms. */
    public synchronized double[] millis(double... percentiles) {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        double[] out = new double[percentiles.length];
        for (int i = 0; i < percentiles.length; i++) {
            if (count == 0) {
                out[i] = Double.NaN;
                continue;
            }
            int rank = (int) Math.ceil(percentiles[i] / 100.0 * count) - 1;
            out[i] = Math.round(sorted[Math.max(0, Math.min(count - 1, rank))] / 100_000.0) / 10.0;
        }
        return out;
    }

    /** Adds p50, p99, p99.9 and max under {@code prefix}. */
    public void report(Result result, String prefix) {
        double[] p = millis(50, 99, 99.9, 100);
        result.put(prefix + "_p50_ms", p[0]).put(prefix + "_p99_ms", p[1]).put(prefix + "_p999_ms", p[2])
                .put(prefix + "_max_ms", p[3]);
    }
}
