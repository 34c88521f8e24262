package io.qiaoqiao.gateway.outbound;

import io.qiaoqiao.gateway.config.Config;

import java.time.Duration;

/** The {@code ami.*} configuration keys (documented in {@code qiaoqiao-defaults.properties}). */
public record AmiSettings(String host, int port, String user, String secret, String originateContext,
                          String channelPattern, String callerId, Duration ringTimeout,
                          Duration reconnectMin, Duration reconnectMax, Duration responseTimeout) {

    public static AmiSettings from(Config config) {
        return new AmiSettings(
                config.string("ami.host"),
                config.integer("ami.port"),
                config.string("ami.user"),
                config.secret("ami.secret"),
                config.string("ami.originate-context"),
                config.string("ami.channel"),
                config.string("ami.caller-id"),
                Duration.ofSeconds(config.integer("ami.ring-timeout-seconds")),
                Duration.ofMillis(config.integer("ami.reconnect-min-ms")),
                Duration.ofMillis(config.integer("ami.reconnect-max-ms")),
                Duration.ofMillis(config.integer("ami.response-timeout-ms")));
    }

    /** The channel to dial for an E.164 number: {@code {number}} and {@code {national}} filled in. */
    public String channelFor(String e164) {
        return channelPattern.replace("{number}", e164).replace("{national}", national(e164));
    }

    /** As dialled inside mainland China: mobiles bare, landlines with the trunk 0, abroad with 00. */
    static String national(String e164) {
        String digits = e164.startsWith("+") ? e164.substring(1) : e164;
        if (!digits.startsWith("86")) {
            return "00" + digits;
        }
        String rest = digits.substring(2);
        return rest.length() == 11 && rest.startsWith("1") ? rest : "0" + rest;
    }

    @Override
    public String toString() {
        return "AmiSettings[" + user + "@" + host + ":" + port + ", context " + originateContext + ", channel "
                + channelPattern + "]";
    }
}
