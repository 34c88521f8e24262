package io.qiaoqiao.gateway.voice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a real Asterisk spends on each AGI command, as the record-failure capture shows it:
 * {@code STREAM FILE} plays the whole file ({@code endpos} = its samples at 8 kHz), {@code GET DATA}
 * plays its prompt and then waits its timeout, {@code SAY DIGITS} plays {@code digits/N} one after
 * the other, {@code ANSWER} took a second on Asterisk's clock. Time here is simulated: nothing waits.
 *
 * @param samples   prompt id ({@code hotline-menu}, {@code digits/4}) to its length in samples
 * @param promptDir the directory the gateway puts in front of prompt ids ({@code qiaoqiao})
 */
record AsteriskPlaybackTime(Map<String, Long> samples, String promptDir) {
    static final int RATE = 8000;
    static final Duration ANSWER = Duration.ofSeconds(1);
    private static final Pattern GET_DATA_TIMEOUT = Pattern.compile("GET DATA \"[^\"]*\" (\\d+)");
    private static final Pattern REPLY_ENDPOS = Pattern.compile("endpos=(\\d+)");

    /** A command with the simulated moment Asterisk received it, in seconds since the call came in. */
    record Timed(double at, String command) {
    }

    /** The samples of a prompt as the gateway names it in a command, if the prompt exists. */
    OptionalLong samplesOf(String fileInCommand) {
        String id = fileInCommand.startsWith(promptDir + "/") ? fileInCommand.substring(promptDir.length() + 1) : fileInCommand;
        Long n = samples.get(id);
        return n == null ? OptionalLong.empty() : OptionalLong.of(n);
    }

    /**
     * How long Asterisk takes to answer {@code command} with {@code reply}. A {@code GET DATA} that
     * got a key is counted as pressed when the prompt ended; a missing prompt as no time (Asterisk
     * answers {@code result=-1} at once).
     */
    Duration took(String command, String reply) {
        String verb = AgiCapture.verb(command);
        return switch (verb) {
            case "ANSWER" -> ANSWER;
            case "STREAM FILE" -> seconds(samplesOf(AgiCapture.firstArgument(command)).orElse(0));
            case "GET DATA" -> {
                Duration prompt = seconds(samplesOf(AgiCapture.firstArgument(command)).orElse(0));
                Matcher m = GET_DATA_TIMEOUT.matcher(command);
                boolean timedOut = reply.contains("(timeout)");
                yield timedOut && m.find() ? prompt.plusMillis(Long.parseLong(m.group(1))) : prompt;
            }
            case "SAY DIGITS" -> {
                long total = 0;
                for (char digit : AgiCapture.firstArgument(command).toCharArray()) {
                    total += samplesOf("digits/" + digit).orElse(0);
                }
                yield seconds(total);
            }
            case "RECORD FILE" -> {
                Matcher m = REPLY_ENDPOS.matcher(reply);
                yield m.find() ? seconds(Long.parseLong(m.group(1))) : Duration.ZERO;
            }
            default -> Duration.ZERO;
        };
    }

    /** Replays a list of exchanges on the simulated clock. */
    List<Timed> timeline(List<AgiCapture.Exchange> exchanges) {
        List<Timed> out = new ArrayList<>();
        Duration now = Duration.ZERO;
        for (AgiCapture.Exchange e : exchanges) {
            out.add(new Timed(now.toMillis() / 1000.0, e.command()));
            now = now.plus(took(e.command(), e.reply()));
        }
        return out;
    }

    static Duration seconds(long samples) {
        return Duration.ofNanos(samples * 1_000_000_000L / RATE);
    }
}
