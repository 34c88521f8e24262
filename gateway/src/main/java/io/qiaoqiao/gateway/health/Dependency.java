package io.qiaoqiao.gateway.health;

import java.util.function.BooleanSupplier;

/**
 * A link readiness waits for, answered from memory (no I/O): the SMPP bind, the AMI login, the
 * FastAGI socket. {@code up} is null when the link is disabled in the configuration; a disabled
 * link is reported and does not make the gateway unready.
 */
public record Dependency(String name, String upState, String downState, BooleanSupplier up) {
    public static Dependency of(String name, String upState, String downState, boolean enabled, BooleanSupplier up) {
        return new Dependency(name, upState, downState, enabled ? up : null);
    }

    boolean enabled() {
        return up != null;
    }

    /** Whether this link lets the gateway be ready: disabled, or up. */
    boolean ready() {
        return up == null || up.getAsBoolean();
    }

    String state() {
        return up == null ? "DISABLED" : up.getAsBoolean() ? upState : downState;
    }
}
