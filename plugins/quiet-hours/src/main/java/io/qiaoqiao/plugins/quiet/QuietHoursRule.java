package io.qiaoqiao.plugins.quiet;

import io.qiaoqiao.plugin.api.QuietHours;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import io.qiaoqiao.plugin.api.Urgency;
import java.time.Instant;
import java.util.Optional;

/**
 * Volunteers are neighbours, not a night shift: a normal request that arrives in the studio's
 * quiet hours waits until they end, and the gateway offers it then. Urgent requests are never
 * held (the schedules rule decides who is on call at night). The hours themselves are the
 * gateway's one definition ({@code quiet-hours.start}/{@code .end}), handed over in the snapshot.
 */
public final class QuietHoursRule implements RoutingRule {
    @Override
    public String id() {
        return "quiet-hours";
    }

    @Override
    public Optional<Instant> holdUntil(RoutingSnapshot snapshot) {
        if (snapshot.ticket().urgency() == Urgency.URGENT) {
            return Optional.empty();
        }
        QuietHours quiet = snapshot.quietHours();
        Instant allowed = quiet.nextAllowed(snapshot.now(), snapshot.zone());
        return allowed.equals(snapshot.now()) ? Optional.empty() : Optional.of(allowed);
    }
}
