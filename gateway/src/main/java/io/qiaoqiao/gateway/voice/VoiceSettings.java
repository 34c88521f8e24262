package io.qiaoqiao.gateway.voice;

import io.qiaoqiao.gateway.config.Config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code voice.*} and {@code agi.*} configuration keys (documented in
 * {@code qiaoqiao-defaults.properties}).
 */
public record VoiceSettings(String agiHost, int agiPort, Duration agiReplyTimeout, String promptDir,
                            String recordingsDir, long digitTimeoutMs, int maxRecordingSeconds,
                            int recordingSilenceSeconds, Duration deskTimeout, Duration callerCacheTtl,
                            long callerCacheSize, Path spoolDir) {

    public static VoiceSettings from(Config config) {
        return new VoiceSettings(
                config.string("agi.host"),
                config.integer("agi.port"),
                Duration.ofMillis(config.integer("agi.reply-timeout-ms")),
                config.string("voice.prompt-dir"),
                config.string("voice.recordings-dir"),
                config.integer("voice.digit-timeout-ms"),
                config.integer("voice.max-recording-seconds"),
                config.integer("voice.recording-silence-seconds"),
                Duration.ofMillis(config.integer("voice.desk-timeout-ms")),
                Duration.ofSeconds(config.integer("voice.caller-cache-seconds")),
                config.integer("voice.caller-cache-size"),
                config.path("voice.spool-dir"));
    }
}
