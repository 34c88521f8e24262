package io.qiaoqiao.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.qiaoqiao.gateway.BuildInfo;
import io.qiaoqiao.gateway.roster.Directory.Resident;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.plugin.api.Urgency;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * The gateway's business metrics, as listed in {@code ops/metrics.md}. Labels carry only
 * bounded values (channel, category, village, urgency, outcome), never phone numbers, names or
 * ticket codes. Values that would need a label set the code cannot enumerate are registered
 * when first seen; those it can enumerate are registered at zero, so a quiet gateway still
 * exports every series and {@code rate()} sees the first increment.
 */
public final class GatewayMetrics {
    /** The village label of a ticket from a number the roster does not know. */
    public static final String UNREGISTERED = "unregistered";
    static final List<String> OFFER_OUTCOMES = List.of("sent", "accepted", "declined", "expired", "withdrawn");
    static final List<String> OUTBOX_RESULTS = List.of("sent", "retry", "failed");
    static final Set<String> RECEIPT_STATES = Set.of("delivrd", "expired", "deleted", "undeliv", "acceptd", "unknown",
            "rejectd", "enroute");
    private static final Duration[] TICKET_BUCKETS = {
            Duration.ofMinutes(1), Duration.ofMinutes(3), Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8),
            Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7)};

    private final MeterRegistry registry;
    private final AtomicLong outboxBacklog = new AtomicLong();
    private final AtomicLong outboxOldestSeconds = new AtomicLong();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Urgency urgency : Urgency.values()) {
            acceptTime(urgency);
            doneTime(urgency);
        }
        OFFER_OUTCOMES.forEach(outcome -> offerCounter(outcome));
        OUTBOX_RESULTS.forEach(result -> outboxCounter(result));
        ratingCounter(true);
        ratingCounter(false);
        confirmationCallDelay();
        for (String noLine : java.util.List.of("congestion", "unavailable")) {
            Counter.builder("qiaoqiao.calls.no.line").description("outbound calls that rang nobody for want of a line, by result")
                    .tag("result", noLine).register(registry);
        }
        registry.gauge("qiaoqiao.outbox.backlog", outboxBacklog);
        registry.gauge("qiaoqiao.outbox.oldest.age.seconds", outboxOldestSeconds);
        BuildInfo build = BuildInfo.current();
        // Always 1: the labels are the information (which build runs on which node).
        Gauge.builder("qiaoqiao.build.info", () -> 1).tag("version", build.version()).tag("revision", build.revision())
                .description("1, labelled with the version and git revision this gateway was built from")
                .strongReference(true).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void ticketCreated(Ticket ticket) {
        // Not "created": Prometheus reserves the _created suffix and would rename the series.
        ticketCounter("qiaoqiao.tickets.opened", "Tickets opened (created) from a text or a call", ticket).increment();
    }

    public void ticketAccepted(Ticket ticket) {
        ticketCounter("qiaoqiao.tickets.accepted", "Tickets accepted by a volunteer", ticket).increment();
        acceptTime(ticket.urgency()).record(sinceCreated(ticket));
    }

    public void ticketDone(Ticket ticket) {
        ticketCounter("qiaoqiao.tickets.done", "Tickets reported done by their volunteer", ticket).increment();
        doneTime(ticket.urgency()).record(sinceCreated(ticket));
    }

    public void escalated(Ticket ticket) {
        ticketCounter("qiaoqiao.tickets.escalated", "Tickets handed up the escalation chain beyond its first step",
                ticket).increment();
    }

    /** One escalation step entered, by its id. */
    public void escalationStep(String stepId) {
        Counter.builder("qiaoqiao.escalation.steps").description("Escalation steps taken by step id")
                .tag("step", stepId).register(registry).increment();
    }

    public void reopened(Ticket ticket) {
        ticketCounter("qiaoqiao.tickets.reopened", "Tickets reopened by an operator or a 'not done' rating", ticket)
                .increment();
    }

    public void closed(Ticket ticket) {
        ticketCounter("qiaoqiao.tickets.closed", "Tickets closed by an operator or a duty phone", ticket).increment();
    }

    /** outcome: sent, accepted, declined, expired, withdrawn */
    public void offer(String outcome) {
        offerCounter(outcome).increment();
    }

    /** How an inbound text was handled: ticket, volunteer_reply, grid_report, help, empty, rejected_reply, part. */
    public void inbound(String handledAs) {
        Counter.builder("qiaoqiao.sms.inbound").description("Mobile-originated texts by how they were handled")
                .tag("handled_as", handledAs).register(registry).increment();
    }

    /** result: sent, retry, failed */
    public void outboxResult(String result) {
        outboxCounter(result).increment();
    }

    /** A delivery receipt's final state as the SMSC wrote it (DELIVRD, UNDELIV, ...); others count as "other". */
    public void receipt(String state) {
        String label = state == null ? "other" : state.toLowerCase(Locale.ROOT);
        Counter.builder("qiaoqiao.sms.receipts").description("Delivery receipts by state")
                .tag("state", RECEIPT_STATES.contains(label) ? label : "other").register(registry).increment();
    }

    public void outboxBacklog(long pending, long oldestSeconds) {
        outboxBacklog.set(pending);
        outboxOldestSeconds.set(oldestSeconds);
    }

    /** From a volunteer's accept to the resident answering the confirmation call. */
    public void confirmationCallDelay(Duration delay) {
        confirmationCallDelay().record(delay);
    }

    /** A call that found no free line ({@code congestion}) or no channel ({@code unavailable}): given back, tried again. */
    public void callNoLine(String result) {
        Counter.builder("qiaoqiao.calls.no.line").description("outbound calls that rang nobody for want of a line, by result")
                .tag("result", result).register(registry).increment();
    }

    /** A resident's answer on the rating call (or taken down by the studio): done yes/no. */
    public void rating(boolean done) {
        ratingCounter(done).increment();
    }

    private Timer confirmationCallDelay() {
        return Timer.builder("qiaoqiao.confirmation.call.delay")
                .description("Time from a volunteer accepting to the resident answering the confirmation call")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    private Counter ratingCounter(boolean done) {
        return Counter.builder("qiaoqiao.ratings").description("Rating answers: was the work done")
                .tag("done", String.valueOf(done)).register(registry);
    }

    /** Distribution of how many segments each sent text needed. */
    public void segments(int parts) {
        DistributionSummary.builder("qiaoqiao.sms.segments").description("Segments per sent text")
                .register(registry).record(parts);
    }

    /**
     * Items per committed transaction of a group-committed writer ({@code receipts}): near 1 when
     * quiet, up to the SMSC's window under load.
     */
    public IntConsumer groupCommit(String writer) {
        DistributionSummary items = DistributionSummary.builder("qiaoqiao.group.commit.items")
                .description("Items written per committed transaction, by writer").tag("writer", writer).register(registry);
        return items::record;
    }

    /** An operator API call that changed something or read confidential data, by action. */
    public void operatorAction(String action) {
        Counter.builder("qiaoqiao.operator.actions").description("Operator API actions, by action")
                .tag("action", action).register(registry).increment();
    }

    /** An operator API request refused: reason missing_token, bad_token or forbidden. */
    public void apiRefused(String reason) {
        Counter.builder("qiaoqiao.api.refused").description("Operator API requests refused, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    /** The labels every ticket counter carries. */
    public static Tags ticketTags(Ticket ticket) {
        return Tags.of("channel", ticket.channel(),
                "category", ticket.category().name().toLowerCase(Locale.ROOT),
                "village", ticket.resident().map(Resident::village).orElse(UNREGISTERED));
    }

    private Counter ticketCounter(String name, String description, Ticket ticket) {
        return Counter.builder(name).description(description).tags(ticketTags(ticket)).register(registry);
    }

    private Counter offerCounter(String outcome) {
        return Counter.builder("qiaoqiao.offers").description("Offers to volunteers by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private Counter outboxCounter(String result) {
        return Counter.builder("qiaoqiao.outbox.messages").description("Outbox send attempts by result")
                .tag("result", result).register(registry);
    }

    private Timer acceptTime(Urgency urgency) {
        return ticketTimer("qiaoqiao.ticket.accept", "Time from a ticket's creation to a volunteer accepting it", urgency);
    }

    private Timer doneTime(Urgency urgency) {
        return ticketTimer("qiaoqiao.ticket.done", "Time from a ticket's creation to the volunteer reporting it done",
                urgency);
    }

    private Timer ticketTimer(String name, String description, Urgency urgency) {
        return Timer.builder(name).description(description)
                .tag("urgency", urgency.name().toLowerCase(Locale.ROOT))
                .serviceLevelObjectives(TICKET_BUCKETS)
                .register(registry);
    }

    private static Duration sinceCreated(Ticket ticket) {
        // The studio clock of the decision that accepted or finished it, not this machine's.
        Duration d = Duration.between(ticket.createdAt(), ticket.readAt());
        return d.isNegative() ? Duration.ZERO : d;
    }
}
