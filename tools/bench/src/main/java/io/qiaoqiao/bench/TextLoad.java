package io.qiaoqiao.bench;

import io.qiaoqiao.simulator.ReceivedSubmit;
import io.qiaoqiao.simulator.SimulatedSmsc;
import io.qiaoqiao.simulator.SubmittedPart;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Residents texting the hotline through the simulated SMSC, each text carrying a serial number
 * ({@code #123}) that the gateway copies into the volunteer's offer. The SMSC's submit_sm
 * watcher finds the number in each offer, which gives the latency from deliver_sm to the offer's
 * submit_sm and lets a run check that every text became one offer. A deliver_sm that is
 * refused or not answered (a node died) is delivered again, as an SMSC does.
 */
final class TextLoad {
    private static final Pattern SERIAL = Pattern.compile("#(\\d+)");
    /** The ticket code in an offer ("新求助1001（…）"). */
    private static final Pattern OFFER_CODE = Pattern.compile("新求助(\\d+)");
    /** A ticket code in any other text to a volunteer: the answer to their accept ("您已接单1001", "求助1001已由…"). */
    private static final Pattern ANSWER_CODE = Pattern.compile("(?<!新)求助(\\d+)|接单(\\d+)");
    /** The ticket is the volunteer's: "您已接单1001". */
    private static final Pattern ACCEPTED_CODE = Pattern.compile("您已接单(\\d+)");
    private static final String[] REQUESTS = {
            "家里水管漏了，厨房都是水，麻烦来人修一下。",
            "想请人帮忙去镇上买点药，腿脚不方便。",
            "电视遥控器坏了，看不了戏曲频道。",
            "想问问医保报销要带什么材料。"};
    private static final long RETRY_NANOS = Duration.ofMillis(200).toNanos();
    /** How long after accepting a volunteer reports the work done. */
    private static final long DONE_AFTER_NANOS = Duration.ofSeconds(2).toNanos();
    /** How long a phone takes a part of a text it has put together for a repeat of that part. */
    private static final long REPEAT_WINDOW_NANOS = Duration.ofMinutes(2).toNanos();

    private final SimulatedSmsc smsc;
    private final List<String> residents;
    private final AtomicInteger nextSerial = new AtomicInteger();
    private final Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
    private final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    /** When (nanoTime) a node acknowledged each text, by serial. */
    private final Map<Integer, Long> acknowledgedAt = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> offers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> offersByPhone = new ConcurrentHashMap<>();
    /** When (nanoTime) the SMSC took each offer text, by serial and phone: a fault suite tells who sent one twice. */
    private final Map<String, List<Long>> offerTimes = new ConcurrentHashMap<>();
    private final Map<Integer, Long> firstOfferAt = new ConcurrentHashMap<>();
    private final Map<String, SubmittedPart[]> partial = new ConcurrentHashMap<>();
    /** Sets (phone/reference/total) the phone has put together, and when: the same part of one again is a repeat. */
    private final Map<String, CompletedSet> completedSets = new ConcurrentHashMap<>();
    /** The last few texts each phone put together under each reference and length: what a run reports about a lost offer. */
    private final Map<String, java.util.Deque<String>> assembled = new java.util.HashMap<>();
    /** Per set (phone/reference/total) not complete yet, how many of its parts repeated a set the phone had put together. */
    private final Map<String, Integer> maybeRepeated = new java.util.HashMap<>();
    private final AtomicLong redeliveries = new AtomicLong();
    /** Whether the volunteer offered a ticket first accepts it by text. */
    private volatile boolean volunteersAccept;
    /** Per serial, who accepted its ticket by text, and the ticket's code. */
    private final Map<Integer, String> acceptedBy = new ConcurrentHashMap<>();
    private final Map<Integer, String> acceptCodes = new ConcurrentHashMap<>();
    private final Map<String, Integer> awaitingAnswer = new ConcurrentHashMap<>();
    /** Serials whose accept a node acknowledged, and those whose volunteer then got an answer about the ticket. */
    private final Set<Integer> acceptsTaken = ConcurrentHashMap.newKeySet();
    private final Set<Integer> acceptsAnswered = ConcurrentHashMap.newKeySet();
    private final AtomicLong inFlight = new AtomicLong();
    /** Per text ("phone: words"), how its deliveries went: what a run prints about a text no node took. */
    private final Map<String, Tries> tries = new ConcurrentHashMap<>();

    /** How often a text was delivered, what the last try got, and when (nanoTime) the first and last were. */
    record Tries(int count, String last, long first, long lastAt) {
        Tries then(String outcome) {
            return new Tries(count + 1, outcome, first, System.nanoTime());
        }
    }

    private volatile Window window = new Window(Long.MAX_VALUE, Long.MAX_VALUE);
    private volatile boolean stopped;
    /** The open loop ends early (texts already delivered are still delivered again until taken). */
    private volatile boolean ending;

    /** A text a phone put together: a part with its reference, number and words again, soon after, is a repeat. */
    private record CompletedSet(long at, SubmittedPart[] parts) {
        boolean repeats(SubmittedPart part, int seq) {
            return System.nanoTime() - at < REPEAT_WINDOW_NANOS && parts[seq - 1].text().equals(part.text());
        }
    }

    /** Texts numbered from {@code from} on count; acknowledgements and offers inside [start, end) nanos count. */
    private record Window(long start, long end, int from, Latencies latencies, AtomicLong acks) {
        Window(long start, long end) {
            this(start, end, Integer.MAX_VALUE, new Latencies(), new AtomicLong());
        }

        boolean contains(long nanos) {
            return nanos >= start && nanos < end;
        }
    }

    /**
     * What one measured stretch saw. A text still without its offer when the wait ended counts
     * in the latencies with the time it had waited by then (so the tail is a lower bound).
     */
    record Measured(double acknowledgedPerSecond, Latencies offerLatency, int sent, int offersMissing) {
    }

    TextLoad(SimulatedSmsc smsc, List<String> residents) {
        this.smsc = smsc;
        this.residents = List.copyOf(residents);
        smsc.keepSubmits(false);
        smsc.watchSubmits(this::onSubmit);
    }

    /**
     * Open loop: texts at {@code rate} per second, whatever the gateway's pace, for the warm-up
     * and then the measured stretch; waits (at most {@code settle}) for the stragglers.
     */
    Measured atRate(double rate, Duration warmUp, Duration measured, Duration settle) {
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + measured.toNanos();
        int firstMeasured = -1;
        long n = 0;
        Window w = null;
        while (true) {
            long due = start + (long) (n * 1e9 / rate);
            if (due >= end || ending) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (w == null && due >= measureFrom) {
                firstMeasured = nextSerial.get();
                w = new Window(measureFrom, end, firstMeasured, new Latencies(), new AtomicLong());
                window = w;
            }
            int serial = nextSerial.getAndIncrement();
            // Counted in flight before its thread starts, so a wait for the stragglers never misses it.
            inFlight.incrementAndGet();
            Thread.ofVirtual().start(() -> deliver(serial));
            n++;
        }
        awaitSettled(settle);
        int sent = nextSerial.get() - firstMeasured;
        return new Measured(w.acks().get() / (measured.toNanos() / 1e9), w.latencies(), sent,
                countMissing(w, firstMeasured, nextSerial.get()));
    }

    /** Texts [from, to) sent inside the window that have no offer yet: counted as waiting until now. */
    private int countMissing(Window w, int from, int to) {
        long now = System.nanoTime();
        int missing = 0;
        for (int serial = from; serial < to; serial++) {
            Long sent = sentAt.get(serial);
            if (sent != null && w.contains(sent) && !offers.containsKey(serial)) {
                w.latencies().record(now - sent);
                missing++;
            }
        }
        return missing;
    }

    /** Closed loop: {@code senders} phones, each texting again as soon as its last text is acknowledged. */
    Measured saturated(int senders, Duration warmUp, Duration measured, Duration settle) {
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + measured.toNanos();
        Window w = new Window(measureFrom, end, 0, new Latencies(), new AtomicLong());
        window = w;
        int first = nextSerial.get();
        Thread[] threads = new Thread[senders];
        for (int i = 0; i < senders; i++) {
            threads[i] = Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    inFlight.incrementAndGet();
                    deliver(nextSerial.getAndIncrement());
                }
            });
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        awaitSettled(settle);
        return new Measured(w.acks().get() / (measured.toNanos() / 1e9), w.latencies(), nextSerial.get() - first,
                countMissing(w, first, nextSerial.get()));
    }

    /** Stops delivering again: texts not yet acknowledged are given up. */
    void stop() {
        stopped = true;
    }

    /** Ends a running {@link #atRate} loop now; texts delivered so far are still delivered again until they are taken. */
    void endLoad() {
        ending = true;
    }

    /** The serial numbers delivered at least once. */
    Set<Integer> delivered() {
        return sentAt.keySet();
    }

    /** Waits until every text is acknowledged and has its offer, or the time is up. */
    void awaitSettled(Duration settle) {
        long until = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < until && (inFlight.get() > 0 || offers.size() < acknowledged.size())) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    /** Delivers one text until it is acknowledged; the caller has counted it in flight. */
    private void deliver(int serial) {
        String phone = residents.get(serial % residents.size());
        // A text from a phone with an open request (its own, or one it made for a relative) adds
        // to that request (issue 11's follow-ups); "另外" says it is another matter, so every text
        // of the load is a new ticket, as the scenarios count them.
        String text = textOf(serial);
        try {
            sentAt.put(serial, System.nanoTime());
            if (deliverUntilTaken(phone, text)) {
                long now = System.nanoTime();
                acknowledgedAt.put(serial, now);
                acknowledged.add(serial);
                Window w = window;
                if (serial >= w.from() && w.contains(now)) {
                    w.acks().incrementAndGet();
                }
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Delivers one text from {@code phone} until a node acknowledges it (true), or for two minutes (false). */
    private boolean deliverUntilTaken(String phone, String text) {
        long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String key = phone + ": " + text;
        long first = System.nanoTime();
        while (System.nanoTime() < giveUp && !stopped) {
            int status;
            String outcome;
            try {
                status = smsc.deliverText(phone, text);
                outcome = "status 0x" + Integer.toHexString(status);
            } catch (IllegalStateException e) {
                status = -1; // no bind, or no deliver_sm_resp: the node may be gone
                outcome = String.valueOf(e.getMessage());
            }
            String said = outcome;
            tries.compute(key, (k, t) -> (t == null ? new Tries(0, "", first, first) : t).then(said));
            if (status == 0) {
                return true;
            }
            redeliveries.incrementAndGet();
            LockSupport.parkNanos(RETRY_NANOS);
        }
        return false;
    }

    /**
     * The volunteer offered a text's ticket first answers "1 code" (accept), as the offer asks;
     * delivered until a node takes it, like the residents' texts.
     */
    private void accept(int serial, String volunteer, String code) {
        try {
            if (deliverUntilTaken(volunteer, "1 " + code)) {
                acceptsTaken.add(serial);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void onSubmit(ReceivedSubmit submit) {
        if (!submit.accepted()) {
            return;
        }
        long now = System.nanoTime();
        String text = whole(submit);
        if (text == null) {
            return;
        }
        Matcher code = OFFER_CODE.matcher(text);
        boolean offer = code.find();
        if (!offer) {
            noteAnswer(submit.destination(), text); // a confidential ticket's accept answer quotes the request, serial and all
        }
        Matcher m = SERIAL.matcher(text);
        if (!m.find()) {
            return;
        }
        int serial = Integer.parseInt(m.group(1));
        offersByPhone.computeIfAbsent(serial + "/" + submit.destination(), k -> new AtomicInteger()).incrementAndGet();
        offerTimes.computeIfAbsent(serial + "/" + submit.destination(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(now);
        firstOfferAt.putIfAbsent(serial, now);
        int seen = offers.computeIfAbsent(serial, k -> new AtomicInteger()).incrementAndGet();
        Long sent = sentAt.get(serial);
        Window w = window;
        if (seen == 1 && sent != null && serial >= w.from() && w.contains(sent)) {
            w.latencies().record(now - sent);
        }
        if (volunteersAccept && offer && acceptedBy.putIfAbsent(serial, "+" + submit.destination()) == null) {
            acceptCodes.put(serial, code.group(1));
            awaitingAnswer.put(submit.destination() + "/" + code.group(1), serial);
            inFlight.incrementAndGet();
            String volunteer = "+" + submit.destination();
            Thread.ofVirtual().start(() -> accept(serial, volunteer, code.group(1)));
        }
    }

    /** A text to a volunteer who accepted by text, about that ticket: their accept was answered. */
    private void noteAnswer(String destination, String text) {
        if (awaitingAnswer.isEmpty()) {
            return;
        }
        Matcher m = ANSWER_CODE.matcher(text);
        while (m.find()) {
            Integer serial = awaitingAnswer.get(destination + "/" + (m.group(1) != null ? m.group(1) : m.group(2)));
            if (serial != null) {
                acceptsAnswered.add(serial);
            }
        }
        // The ticket is theirs: they go, and report it done ("D code") a moment later, so they are free for
        // the next one (the routing rules keep offers from volunteers with open work piling up).
        Matcher accepted = ACCEPTED_CODE.matcher(text);
        if (accepted.find() && awaitingAnswer.remove(destination + "/" + accepted.group(1)) != null) {
            String volunteer = "+" + destination;
            String code = accepted.group(1);
            inFlight.incrementAndGet();
            Thread.ofVirtual().start(() -> {
                try {
                    LockSupport.parkNanos(DONE_AFTER_NANOS);
                    deliverUntilTaken(volunteer, "D " + code);
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        }
    }

    /** How the deliveries of a text went ("phone: words" as {@link #describe} names it), or null if never tried. */
    Tries triesOf(String phone, String text) {
        return tries.get(phone + ": " + text);
    }

    /** A line about text {@code serial} and, if its ticket was offered, its volunteer's accept: for a run's report of a loss. */
    String describe(int serial) {
        String phone = residents.get(serial % residents.size());
        StringBuilder line = new StringBuilder("#" + serial + " from " + phone + ": " + tried(triesOf(phone, textOf(serial))));
        String volunteer = acceptedBy.get(serial);
        if (volunteer != null) {
            String code = acceptCodes.get(serial);
            line.append("; accept \"1 ").append(code).append("\" by ").append(volunteer)
                    .append(acceptsTaken.contains(serial) ? " taken" : " not taken")
                    .append(acceptsAnswered.contains(serial) ? ", answered: " : ", no answer: ")
                    .append(tried(triesOf(volunteer, "1 " + code)));
        }
        return line.toString();
    }

    private static String tried(Tries t) {
        if (t == null) {
            return "never delivered";
        }
        return t.count() + " tries over " + (t.lastAt() - t.first()) / 1_000_000 + " ms, last: " + t.last();
    }

    private static String textOf(int serial) {
        return "另外，" + REQUESTS[serial % REQUESTS.length] + "#" + serial;
    }

    /** From now on, the volunteer offered a ticket first accepts it by text ("1 code"). */
    void volunteersAccept() {
        volunteersAccept = true;
    }

    /** Serial to the volunteer who accepted its ticket by text (a node acknowledged it, or not). */
    Map<Integer, String> acceptedBy() {
        return acceptedBy;
    }

    /** Serials whose volunteer's accept a node acknowledged. */
    Set<Integer> acceptsTaken() {
        return acceptsTaken;
    }

    /** Serials whose volunteer got an answer about the ticket after accepting. */
    Set<Integer> acceptsAnswered() {
        return acceptsAnswered;
    }

    /** The whole text once its last segment arrives; null for a segment of a text still incomplete. */
    private String whole(ReceivedSubmit submit) {
        SubmittedPart part = submit.part();
        if (part.position().isEmpty()) {
            return part.text();
        }
        SubmittedPart.Position c = part.position().get();
        String key = submit.destination() + "/" + c.reference() + "/" + c.total();
        SubmittedPart[] parts;
        synchronized (partial) {
            // A part of a set put together a moment ago, with the same words, may be that part again
            // (its submit_sm answer was lost, so the gateway sent it again), or the first part to
            // arrive of a new text under the same reference whose words are the same (the fixed
            // tail of an offer; the SMSC turned its first part away, so it comes later). Which one
            // only the rest of the set tells: it waits in a set of its own, and counts as a repeat
            // if that set is never completed.
            CompletedSet completed = completedSets.get(key);
            if (completed != null && completed.repeats(part, c.seq()) && !partial.containsKey(key)) {
                maybeRepeated.merge(key, 1, Integer::sum);
            }
            parts = partial.computeIfAbsent(key, k -> new SubmittedPart[c.total()]);
            parts[c.seq() - 1] = part;
            for (SubmittedPart p : parts) {
                if (p == null) {
                    return null;
                }
            }
            partial.remove(key);
            maybeRepeated.remove(key);
            completedSets.put(key, new CompletedSet(System.nanoTime(), parts));
        }
        StringBuilder text = new StringBuilder();
        for (SubmittedPart p : parts) {
            text.append(p.text());
        }
        synchronized (assembled) {
            java.util.Deque<String> last = assembled.computeIfAbsent(key, k -> new java.util.ArrayDeque<>());
            last.addLast(text.toString());
            if (last.size() > 2) {
                last.removeFirst();
            }
        }
        return text.toString();
    }

    /** The sets under {@code reference} still incomplete on {@code phone}: which parts each has, and how many may be repeats. */
    String partsWaiting(String phone, int reference) {
        String prefix = (phone.startsWith("+") ? phone.substring(1) : phone) + "/" + reference + "/"; // the SMSC's address has no '+'
        StringBuilder out = new StringBuilder();
        synchronized (partial) {
            partial.forEach((key, parts) -> {
                if (key.startsWith(prefix)) {
                    out.append('[').append(key).append(" has");
                    for (int i = 0; i < parts.length; i++) {
                        out.append(parts[i] == null ? " -" : " " + (i + 1));
                    }
                    out.append(", maybe repeated ").append(maybeRepeated.getOrDefault(key, 0));
                    CompletedSet done = completedSets.get(key);
                    out.append(done == null ? ", none completed" : ", one completed " + (System.nanoTime() - done.at()) / 1_000_000 + " ms ago");
                    out.append(']');
                }
            });
        }
        synchronized (assembled) {
            assembled.forEach((key, texts) -> {
                if (key.startsWith(prefix)) {
                    out.append(" put together under ").append(key).append(": ").append(texts);
                }
            });
        }
        return out.isEmpty() ? "none" : out.toString();
    }

    /** Parts the SMSC took again after their text was complete on the phone. */
    long repeatedParts() {
        synchronized (partial) {
            return maybeRepeated.values().stream().mapToLong(Integer::longValue).sum();
        }
    }

    Set<Integer> acknowledged() {
        return acknowledged;
    }

    int sent() {
        return nextSerial.get();
    }

    long redeliveries() {
        return redeliveries.get();
    }

    /** The serial numbers some offer (or escalation) text carried, as the SMSC received them. */
    Set<Integer> offered() {
        return offers.keySet();
    }

    /** How often each phone got a text about each serial number (urgent tickets go to several). */
    Map<String, AtomicInteger> offersByPhone() {
        return offersByPhone;
    }

    /** When each offer text reached the SMSC (nanoTime), by "serial/phone". */
    Map<String, List<Long>> offerTimes() {
        return offerTimes;
    }

    /** When (nanoTime) text {@code serial} was first delivered, or null. */
    Long sentAt(int serial) {
        return sentAt.get(serial);
    }

    /**
     * Service back: waits until a text that a node acknowledged at or after {@code since}
     * (nanoTime) has had its offer reach the SMSC, and answers how long after {@code since} the
     * first such offer went out; null when none did within {@code most}. Texts waiting since the
     * fault count as soon as a node takes them: this is how long until the gateway works again,
     * not until it has caught up ({@link #caughtUpAfter}).
     */
    Duration backAfter(long since, Duration most) {
        return firstOfferAfter(since, most, acknowledgedAt);
    }

    /**
     * Caught up: waits until a text first delivered at or after {@code since} has had its offer
     * reach the SMSC. Such a text queues behind the texts the SMSC kept for redelivery during the
     * fault, so this is how long the backlog took; null when none did within {@code most}.
     */
    Duration caughtUpAfter(long since, Duration most) {
        return firstOfferAfter(since, most, sentAt);
    }

    /** The earliest offer, after {@code since}, of a text whose time in {@code at} is at or after {@code since}. */
    private Duration firstOfferAfter(long since, Duration most, Map<Integer, Long> at) {
        long until = System.nanoTime() + most.toNanos();
        while (System.nanoTime() < until && !stopped) {
            long first = Long.MAX_VALUE;
            for (Map.Entry<Integer, Long> offer : firstOfferAt.entrySet()) {
                Long time = at.get(offer.getKey());
                if (time != null && time >= since) {
                    first = Math.min(first, offer.getValue());
                }
            }
            if (first != Long.MAX_VALUE) {
                return Duration.ofNanos(Math.max(0, first - since));
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        return null;
    }
}
