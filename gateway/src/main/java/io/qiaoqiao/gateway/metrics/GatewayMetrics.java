package io.qiaoqiao.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's business metrics. Labels carry only bounded values (channel, category,
 * outcome), never phone numbers, names or ticket codes.
 */
public final class GatewayMetrics {
    private final MeterRegistry registry;
    private final Timer acceptTime;
    private final Timer doneTime;
    private final Counter escalations;
    private final AtomicLong outboxBacklog = new AtomicLong();
    private final AtomicLong outboxOldestSeconds = new AtomicLong();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.acceptTime = Timer.builder("qiaoqiao.ticket.accept")
                .description("Time from a ticket's creation to a volunteer accepting it")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofDays(1))
                .register(registry);
        this.doneTime = Timer.builder("qiaoqiao.ticket.done")
                .description("Time from a ticket's creation to the volunteer reporting it done")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofDays(7))
                .register(registry);
        this.escalations = Counter.builder("qiaoqiao.tickets.escalated")
                .description("Tickets handed to group leaders because no volunteer accepted").register(registry);
        registry.gauge("qiaoqiao.outbox.backlog", outboxBacklog);
        registry.gauge("qiaoqiao.outbox.oldest.age.seconds", outboxOldestSeconds);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void ticketCreated(String channel, String category) {
        Counter.builder("qiaoqiao.tickets.created").description("Tickets created")
                .tag("channel", channel).tag("category", category).register(registry).increment();
    }

    public void ticketAccepted(Duration sinceCreated) {
        acceptTime.record(sinceCreated);
    }

    public void ticketDone(Duration sinceCreated) {
        doneTime.record(sinceCreated);
    }

    public void escalated() {
        escalations.increment();
    }

    /** outcome: sent, accepted, declined, expired, withdrawn */
    public void offer(String outcome) {
        Counter.builder("qiaoqiao.offers").description("Offers to volunteers by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    /** How an inbound text was handled: ticket, volunteer_reply, help, empty, rejected_reply, part. */
    public void inbound(String handledAs) {
        Counter.builder("qiaoqiao.sms.inbound").description("Mobile-originated texts by how they were handled")
                .tag("handled_as", handledAs).register(registry).increment();
    }

    /** result: sent, retry, failed */
    public void outboxResult(String result) {
        Counter.builder("qiaoqiao.outbox.messages").description("Outbox send attempts by result")
                .tag("result", result).register(registry).increment();
    }

    public void receipt(String state) {
        Counter.builder("qiaoqiao.sms.receipts").description("Delivery receipts by state")
                .tag("state", state).register(registry).increment();
    }

    public void outboxBacklog(long pending, long oldestSeconds) {
        outboxBacklog.set(pending);
        outboxOldestSeconds.set(oldestSeconds);
    }

    /** From a volunteer's accept to the resident answering the confirmation call. */
    public void confirmationCallDelay(Duration delay) {
        Timer.builder("qiaoqiao.confirmation.call.delay")
                .description("Time from a volunteer accepting to the resident answering the confirmation call")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry).record(delay);
    }

    /** A resident's answer on the rating call: done yes/no. */
    public void rating(boolean done) {
        Counter.builder("qiaoqiao.ratings").description("Rating call answers: was the work done")
                .tag("done", String.valueOf(done)).register(registry).increment();
    }

    public void reopened(String channel) {
        Counter.builder("qiaoqiao.tickets.reopened").description("Tickets reopened")
                .tag("channel", channel).register(registry).increment();
    }

    /** Distribution of how many segments each sent text needed. */
    public void segments(int parts) {
        DistributionSummary.builder("qiaoqiao.sms.segments").description("Segments per sent text")
                .register(registry).record(parts);
    }
}
