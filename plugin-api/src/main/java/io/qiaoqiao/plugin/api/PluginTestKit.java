package io.qiaoqiao.plugin.api;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plain snapshots for plugin unit tests: a rule is a pure function of its snapshot, so a test
 * builds one and asserts the verdict. Defaults: 桥头村一组, a repair request, Asia/Shanghai.
 */
public final class PluginTestKit {
    /** The studio zone the defaults use. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** A registered resident of 桥头村一组 who lives alone. */
    public static final ResidentView RESIDENT = new ResidentView(true, "桥头村", "一组", true);

    private PluginTestKit() {
    }

    /** A candidate builder with a plain member of the group serving 桥头村一组. */
    public static CandidateBuilder volunteer(long id) {
        return new CandidateBuilder(id);
    }

    /** A ticket with this category, urgency and text. */
    public static TicketView ticket(Category category, Urgency urgency, String text) {
        return TicketView.of("1001", category, urgency, text, Instant.EPOCH);
    }

    /** A snapshot for {@link #RESIDENT} at {@code now} in {@link #ZONE}. */
    /** The gateway's default quiet hours, 21:00 to 07:00. */
    public static final QuietHours QUIET_HOURS = new QuietHours(java.time.LocalTime.of(21, 0), java.time.LocalTime.of(7, 0));

    public static RoutingSnapshot snapshot(TicketView ticket, Instant now, Candidate... candidates) {
        return new RoutingSnapshot(ticket, RESIDENT, List.of(candidates), now, ZONE, QUIET_HOURS);
    }

    /** The same, with the studio's quiet hours given. */
    public static RoutingSnapshot snapshot(TicketView ticket, Instant now, QuietHours quietHours, Candidate... candidates) {
        return new RoutingSnapshot(ticket, RESIDENT, List.of(candidates), now, ZONE, quietHours);
    }

    /** Builds a {@link Candidate} field by field. */
    public static final class CandidateBuilder {
        private final long id;
        private String village = "桥头村";
        private Set<String> serves = Set.of("一组");
        private Set<String> skills = Set.of();
        private boolean leader;
        private int openTickets;
        private int points;
        private ServiceHistory history = ServiceHistory.none();
        private OnCallSchedule schedule = OnCallSchedule.none();

        private CandidateBuilder(long id) {
            this.id = id;
        }

        public CandidateBuilder village(String village, String... serves) {
            this.village = village;
            this.serves = Set.of(serves);
            return this;
        }

        public CandidateBuilder skills(String... skills) {
            this.skills = Set.of(skills);
            return this;
        }

        public CandidateBuilder leader() {
            this.leader = true;
            return this;
        }

        public CandidateBuilder openTickets(int openTickets) {
            this.openTickets = openTickets;
            return this;
        }

        public CandidateBuilder points(int points) {
            this.points = points;
            return this;
        }

        public CandidateBuilder lastServed(Instant at) {
            this.history = new ServiceHistory(Optional.of(at), history.lastOfferedAt(), history.doneLast30Days(),
                    history.declinedLast30Days());
            return this;
        }

        public CandidateBuilder schedule(List<Shift> shifts, List<ScheduleException> exceptions) {
            this.schedule = new OnCallSchedule(shifts, exceptions);
            return this;
        }

        public Candidate build() {
            return new Candidate(id, "g", village, serves, skills, leader, openTickets, points, history, schedule);
        }
    }
}
