package io.qiaoqiao.gateway.plugins;

/**
 * Something wrong with a plugin, reported in the log, in {@code GET /api/plugins} and in the
 * reload answer.
 *
 * @param source  the jar (or directory) it came from
 * @param kind    {@code no-service-entry}, {@code spi-version}, {@code load}, {@code duplicate-id},
 *                {@code settings}, {@code weight}
 * @param message a sentence an operator can act on
 */
public record PluginProblem(String source, String kind, String message) {
}
