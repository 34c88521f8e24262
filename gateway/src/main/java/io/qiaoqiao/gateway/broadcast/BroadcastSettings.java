package io.qiaoqiao.gateway.broadcast;

import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.dispatch.DispatchConfig;
import io.qiaoqiao.plugin.api.QuietHours;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The {@code broadcast.*} keys, with the one quiet-hours definition and the studio's zone.
 *
 * @param tries         calls per resident before the notice is texted ({@code broadcast.tries})
 * @param retryInterval between a resident's calls ({@code broadcast.retry-interval})
 */
public record BroadcastSettings(int tries, Duration retryInterval, QuietHours quietHours, ZoneId zone, long maxUploadBytes,
                                NoticeAudio.Settings audio) {

    public static BroadcastSettings from(Config config) {
        int tries = config.integer("broadcast.tries");
        if (tries < 1 || tries > 10) {
            throw new IllegalArgumentException("broadcast.tries must be 1 to 10, not " + tries);
        }
        if (config.integer("outbound.max-concurrent-calls") < 1) {
            throw new IllegalArgumentException("outbound.max-concurrent-calls must be at least 1: the trunk's lines");
        }
        return new BroadcastSettings(tries, config.duration("broadcast.retry-interval"),
                DispatchConfig.quietHours(config), config.zone("zone"), config.integer("broadcast.max-upload-mb") * 1024L * 1024L,
                new NoticeAudio.Settings(Path.of(config.string("broadcast.notice-dir")), config.string("broadcast.speech-voice"),
                        config.integer("broadcast.speech-speed")));
    }
}
