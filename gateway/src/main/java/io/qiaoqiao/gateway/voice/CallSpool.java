package io.qiaoqiao.gateway.voice;

import io.qiaoqiao.gateway.logging.ThrottledLog;
import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Urgency;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the ticket system could not take in time (the database slow or away), kept on this node's
 * disk until it can: a caller is never lost. Each call is one small file in {@code voice.spool-dir},
 * written and flushed to the disk before the caller is promised a callback; a replay thread opens
 * the spooled calls as tickets, oldest first, every two seconds while any wait, and removes each
 * file once its ticket exists (or the call joined the caller's open request of the same need, as a
 * call the desk answers at once does). Opening is idempotent per call ({@link VoiceDesk#openTicket}),
 * so a call whose first, slow attempt committed after all is not opened, or added, twice.
 *
 * <p>Why a file and not a second database connection: when the desk cannot answer, the database
 * usually cannot either (it is away, or its pool is starved), and the point is to keep the call
 * whatever the database does. A local file needs nothing but the disk; the files of a node that
 * died are replayed when it starts again.
 */
final class CallSpool {
    private static final Logger log = LoggerFactory.getLogger(CallSpool.class);
    private static final String SUFFIX = ".call";
    private static final Duration REPLAY_EVERY = Duration.ofSeconds(2);
    private static final Duration DESK_WAIT = Duration.ofSeconds(30);

    private final Path dir;
    private final VoiceDesk desk;
    private final VoiceMetrics metrics;
    private final AtomicLong sequence = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ThrottledLog stillAway = new ThrottledLog(log, Duration.ofSeconds(30));
    private volatile Thread replayer;

    CallSpool(Path dir, VoiceDesk desk, VoiceMetrics metrics) {
        this.dir = dir;
        this.desk = desk;
        this.metrics = metrics;
        metrics.spoolWaiting(() -> spooled().size());
    }

    /**
     * Writes the call down for later; true once it is safely on the disk (only then may the caller
     * be told that someone will call back), false when even that failed (logged).
     */
    boolean keep(VoiceDesk.VoiceRequest request) {
        String name = String.format("%013d-%06d-%s", System.currentTimeMillis(), sequence.incrementAndGet() % 1_000_000,
                request.callId().replaceAll("[^0-9A-Za-z.-]", "_"));
        try {
            Files.createDirectories(dir);
            Path partial = dir.resolve(name + ".partial");
            try (FileChannel file = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                file.write(StandardCharsets.UTF_8.encode(toJson(request).encode()));
                file.force(true);
            }
            Files.move(partial, dir.resolve(name + SUFFIX), StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true); // the rename itself survives a power cut
            }
        } catch (IOException | RuntimeException e) {
            log.error("call {} from {}: could not be written to the spool {} either: {}", request.callId(),
                    PhoneNumbers.mask(request.callerPhone()), dir.toAbsolutePath(), e.toString());
            return false;
        }
        metrics.spooled();
        log.warn("call {} from {}: the ticket system did not answer in time; the call is kept in {} and becomes a ticket"
                + " when it answers", request.callId(), PhoneNumbers.mask(request.callerPhone()), dir.toAbsolutePath());
        return true;
    }

    /** Starts the replay thread: calls left from before a restart go first. */
    void start() {
        replayer = Thread.ofVirtual().name("voice-spool").start(this::replayLoop);
    }

    void stop() {
        stopped.countDown();
        Thread thread = replayer;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void replayLoop() {
        // Each round looks at the disk: a call spooled meanwhile waits at most REPLAY_EVERY.
        try {
            while (!stopped.await(REPLAY_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
                replayOnce();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Opens every spooled call, oldest first, until the desk fails one; returns how many were opened. */
    int replayOnce() throws InterruptedException {
        int opened = 0;
        for (Path file : spooled()) {
            Optional<VoiceDesk.VoiceRequest> request = read(file);
            if (request.isEmpty()) {
                continue;
            }
            try {
                VoiceDesk.Filed filed = desk.openTicket(request.get()).toCompletionStage().toCompletableFuture()
                        .get(DESK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                Files.deleteIfExists(file);
                opened++;
                log.info("ticket {} {} from the spool by call {} from {} ({})", filed.ticketCode(),
                        filed.joined() ? "joined" : "opened", request.get().callId(),
                        PhoneNumbers.mask(request.get().callerPhone()), request.get().kind());
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                stillAway.warn(spooled().size() + " call(s) wait in the spool " + dir.toAbsolutePath()
                        + "; the ticket system still does not take them: "
                        + (e instanceof java.util.concurrent.ExecutionException ? e.getCause() : "no answer in time"));
                return opened;
            } catch (IOException e) {
                log.error("spooled call {} is a ticket now but its file {} could not be removed: {}", request.get().callId(), file,
                        e.toString());
                return opened;
            }
        }
        return opened;
    }

    /** The spooled calls, oldest first (their names begin with the time they were written). */
    private List<Path> spooled() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            log.error("cannot read the call spool {}: {}", dir.toAbsolutePath(), e.toString());
            return List.of();
        }
    }

    /** The call in {@code file}; a file that cannot be read is set aside (renamed .unreadable) and reported. */
    private Optional<VoiceDesk.VoiceRequest> read(Path file) {
        try {
            return Optional.of(fromJson(new JsonObject(Files.readString(file, StandardCharsets.UTF_8))));
        } catch (java.nio.file.NoSuchFileException gone) {
            // Listed a moment ago, gone now: it was taken (a spool shared with another node, which
            // it must not be; see voice.spool-dir). Nothing is lost: whoever took it opens it.
            log.warn("spooled call {} was taken by another process; give each gateway node its own voice.spool-dir", file);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.error("spooled call {} cannot be read ({}); set aside as .unreadable for a person to look at", file, e.toString());
            try {
                Files.move(file, file.resolveSibling(file.getFileName() + ".unreadable"));
            } catch (IOException moveFailed) {
                log.error("cannot set aside {}: {}", file, moveFailed.toString());
            }
            return Optional.empty();
        }
    }

    static JsonObject toJson(VoiceDesk.VoiceRequest r) {
        return new JsonObject().put("callId", r.callId()).put("callerPhone", r.callerPhone()).put("registered", r.registered())
                .put("category", r.category().name()).put("urgency", r.urgency().name()).put("kind", r.kind().name())
                .put("recording", r.recording().orElse(null));
    }

    static VoiceDesk.VoiceRequest fromJson(JsonObject json) {
        return new VoiceDesk.VoiceRequest(json.getString("callId"), json.getString("callerPhone"),
                json.getBoolean("registered", false), Category.valueOf(json.getString("category")),
                Urgency.valueOf(json.getString("urgency")), VoiceDesk.RequestKind.valueOf(json.getString("kind")),
                Optional.ofNullable(json.getString("recording")));
    }
}
