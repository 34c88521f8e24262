package io.qiaoqiao.gateway.broadcast;

import io.qiaoqiao.gateway.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.time.Duration;

/**
 * The sound of a notice, made on the gateway host in the one format the scripts play on a
 * telephone line (8 kHz, mono, 16-bit signed PCM WAV, as {@code ops/prompts/generate.sh} makes
 * the prompts): typed words spoken by espeak-ng, slowly, and shaped by sox for the telephone
 * band; or a studio's recording converted by sox. The file goes to {@code broadcast.notice-dir},
 * which Asterisk reads at the same path. Both tools block: they run on a virtual thread.
 */
public final class NoticeAudio {
    private static final Duration TOOL_LIMIT = Duration.ofMinutes(2);
    /** Upload types sox reads without extra format packages, by the Content-Type the desk sends. */
    static final Map<String, String> UPLOAD_TYPES = Map.of("audio/wav", "wav", "audio/x-wav", "wav", "audio/wave", "wav",
            "audio/mpeg", "mp3", "audio/mp3", "mp3", "audio/ogg", "ogg", "audio/flac", "flac", "audio/x-flac", "flac");

    /** A notice's sound file and how long it plays. */
    public record Audio(Path path, double seconds) {
    }

    /**
     * @param dir   {@code broadcast.notice-dir}
     * @param voice espeak-ng's voice ({@code cmn}: Mandarin)
     * @param speed words per minute: slower than the prompts, for listeners hard of hearing
     */
    public record Settings(Path dir, String voice, int speed) {
    }

    private final Settings settings;

    public NoticeAudio(Settings settings) {
        this.settings = settings;
    }

    /** Speaks {@code words}: espeak-ng reads them from its standard input, never from a command line. */
    public Future<Audio> speak(String words) {
        return blocking(() -> {
            Path spoken = Files.createTempFile("notice-", ".wav");
            try {
                // A longer gap between words (-g, in 10 ms units) keeps a slow voice clear on the phone.
                run(List.of("espeak-ng", "-v", settings.voice(), "-s", String.valueOf(settings.speed()), "-g", "6",
                        "--stdin", "-w", spoken.toString()), words.getBytes(StandardCharsets.UTF_8));
                return telephone(spoken, "speech");
            } finally {
                Files.deleteIfExists(spoken);
            }
        });
    }

    /** Converts a recording; {@code contentType} is one of {@link #UPLOAD_TYPES}. */
    public Future<Audio> convert(byte[] recording, String contentType) {
        String type = UPLOAD_TYPES.get(contentType.toLowerCase(Locale.ROOT).split(";")[0].strip());
        if (type == null) {
            return Future.failedFuture(new ApiError(415, "a recording must be sent as one of " + new java.util.TreeSet<>(UPLOAD_TYPES.keySet())
                    + ", not " + contentType));
        }
        return blocking(() -> {
            Path upload = Files.createTempFile("recording-", "." + type);
            try {
                Files.write(upload, recording);
                return telephone(upload, "recording");
            } finally {
                Files.deleteIfExists(upload);
            }
        });
    }

    /** The telephone band, a little louder, then 8 kHz mono 16-bit: the prompts' own recipe. */
    private Audio telephone(Path input, String prefix) throws IOException, InterruptedException {
        Files.createDirectories(settings.dir());
        Path out = settings.dir().resolve(prefix + "-" + UUID.randomUUID() + ".wav").toAbsolutePath();
        run(List.of("sox", input.toString(), "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", out.toString(),
                "highpass", "300", "lowpass", "3400", "norm", "-3"), null);
        double seconds = seconds(out);
        if (seconds < 0.2) {
            Files.deleteIfExists(out);
            throw new ApiError(422, "the notice's sound is empty (" + seconds + " s); check the words or the recording");
        }
        return new Audio(out, seconds);
    }

    private static void run(List<String> command, byte[] input) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new ApiError(503, command.getFirst() + " is not installed on this gateway host (apt-get install espeak-ng sox): "
                    + e.getMessage());
        }
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input);
            }
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TOOL_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new ApiError(503, command.getFirst() + " took longer than " + TOOL_LIMIT.toSeconds() + " s");
        }
        if (process.exitValue() != 0) {
            String said = new String(output, StandardCharsets.UTF_8).strip();
            throw new ApiError(422, command.getFirst() + " could not make the notice's sound: "
                    + (said.length() > 300 ? said.substring(0, 300) : said));
        }
    }

    /** The length of a PCM WAV from its header: bytes of its data chunk over bytes per second. */
    static double seconds(Path wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        int byteRate = 0;
        int pos = 12;
        while (pos + 8 <= b.limit()) {
            String id = new String(b.array(), pos, 4, StandardCharsets.US_ASCII);
            int size = b.getInt(pos + 4);
            if (id.equals("fmt ")) {
                byteRate = b.getInt(pos + 8 + 8);
            } else if (id.equals("data") && byteRate > 0) {
                long bytes = size < 0 || pos + 8L + size > b.limit() ? b.limit() - pos - 8L : size;
                return bytes / (double) byteRate;
            }
            pos += 8 + Math.max(0, size) + (size & 1);
        }
        return 0;
    }

    private interface Work<T> {
        T run() throws IOException, InterruptedException;
    }

    private static <T> Future<T> blocking(Work<T> work) {
        Promise<T> done = Promise.promise();
        Thread.ofVirtual().name("notice-audio").start(() -> {
            try {
                done.complete(work.run());
            } catch (ApiError e) {
                done.fail(e);
            } catch (IOException e) {
                done.fail(new ApiError(503, "the notice's sound could not be written: " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done.fail(e);
            }
        });
        return done.future();
    }
}
