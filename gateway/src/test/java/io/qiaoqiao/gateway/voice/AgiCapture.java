package io.qiaoqiao.gateway.voice;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A FastAGI session as a real Asterisk 22 carried it, read from a transcript in
 * {@code src/test/resources/captures/} with Asterisk's log clock in front of every line
 * ({@code 20:02:39 < 200 result=0 endpos=57160}). {@code <} is what Asterisk sent, {@code >}
 * what the FastAGI server sent; lines in parentheses are Asterisk's own log and are skipped.
 */
record AgiCapture(List<String> headerLines, List<Exchange> exchanges) {

    /**
     * One command and Asterisk's answer to it.
     *
     * @param took from the command to its answer, on Asterisk's clock (whole seconds)
     */
    record Exchange(String command, String reply, Duration took) {
        /** {@code STREAM FILE}, {@code GET DATA}, …: the command up to its first argument. */
        String verb() {
            return AgiCapture.verb(command);
        }

        /** The first argument without quotes (prompt, file), or empty. */
        String firstArgument() {
            return AgiCapture.firstArgument(command);
        }
    }

    static AgiCapture read(String resource) {
        List<String> header = new ArrayList<>();
        List<Exchange> exchanges = new ArrayList<>();
        boolean inHeader = true;
        String command = null;
        LocalTime sentAt = null;
        for (String line : lines(resource)) {
            if (line.startsWith("#") || line.length() < 10) {
                continue;
            }
            LocalTime at = LocalTime.parse(line.substring(0, 8));
            String rest = line.substring(9);
            if (rest.startsWith("(")) {
                continue;
            }
            String text = rest.length() > 2 ? rest.substring(2) : "";
            if (inHeader) {
                if (rest.startsWith("<") && text.isEmpty()) {
                    inHeader = false;
                } else {
                    header.add(text);
                }
            } else if (rest.startsWith(">")) {
                command = text;
                sentAt = at;
            } else if (rest.startsWith("<") && command != null) {
                exchanges.add(new Exchange(command, text, Duration.between(sentAt, at)));
                command = null;
            }
        }
        return new AgiCapture(List.copyOf(header), List.copyOf(exchanges));
    }

    /** The header block as Asterisk wrote it: each line ends in {@code \n}, then an empty line. */
    String headerBlock() {
        StringBuilder block = new StringBuilder();
        headerLines.forEach(l -> block.append(l).append('\n'));
        return block.append('\n').toString();
    }

    static String verb(String command) {
        for (String verb : List.of("STREAM FILE", "GET DATA", "RECORD FILE", "SAY DIGITS", "GET VARIABLE",
                "SET VARIABLE", "WAIT FOR DIGIT", "ANSWER", "HANGUP")) {
            if (command.startsWith(verb)) {
                return verb;
            }
        }
        return command;
    }

    static String firstArgument(String command) {
        String rest = command.substring(verb(command).length()).strip();
        if (rest.startsWith("\"")) {
            int end = rest.indexOf('"', 1);
            return end < 0 ? rest.substring(1) : rest.substring(1, end);
        }
        int space = rest.indexOf(' ');
        return space < 0 ? rest : rest.substring(0, space);
    }

    private static List<String> lines(String resource) {
        try (InputStream in = AgiCapture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no capture " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
