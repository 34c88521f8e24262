package io.qiaoqiao.gateway.desk;

import io.qiaoqiao.gateway.config.Config;
import java.time.Duration;

/**
 * How desk sign-ins behave ({@code desk.*}).
 *
 * @param idle            a session unused this long ends
 * @param lifetime        a session ends this long after it began
 * @param secureCookie    the session cookie is marked Secure (the desk is served over HTTPS)
 * @param lockoutFailures wrong passwords in a row that lock an account
 * @param lockout         how long it stays locked
 */
public record DeskSettings(Duration idle, Duration lifetime, boolean secureCookie, int lockoutFailures, Duration lockout) {
    public DeskSettings {
        if (idle.isNegative() || idle.isZero() || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("desk.session-idle and desk.session-lifetime must be positive");
        }
        if (lockoutFailures < 1) {
            throw new IllegalArgumentException("desk.lockout-failures must be 1 or more");
        }
    }

    public static DeskSettings from(Config config) {
        return new DeskSettings(config.duration("desk.session-idle"), config.duration("desk.session-lifetime"),
                config.flag("desk.cookie-secure"), config.integer("desk.lockout-failures"), config.duration("desk.lockout-duration"));
    }
}
