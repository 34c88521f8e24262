package io.qiaoqiao.gateway.sms;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the text bytes of an SMS by its data_coding. Never throws: bytes that do not fit the
 * alphabet become U+FFFD and a line in {@link Decoded#problems()}.
 */
final class TextDecoding {
    static final char REPLACEMENT = '\uFFFD';

    record Decoded(String text, List<String> problems) {
    }

    private enum Alphabet { GSM7, ASCII, LATIN1, UCS2 }

    private TextDecoding() {
    }

    static Decoded decode(int dataCoding, byte[] bytes) {
        List<String> problems = new ArrayList<>();
        Alphabet alphabet = switch (dataCoding & 0xFF) {
            case 0x00 -> Alphabet.GSM7;
            case 0x01 -> Alphabet.ASCII;
            case 0x03 -> Alphabet.LATIN1;
            case 0x08 -> Alphabet.UCS2;
            default -> {
                Alphabet guess = guess(dataCoding & 0xFF);
                problems.add("unexpected data_coding 0x%02X; decoded as %s".formatted(dataCoding & 0xFF, guess));
                yield guess;
            }
        };
        String text = switch (alphabet) {
            case GSM7 -> gsm7(bytes, problems);
            case ASCII -> ascii(bytes, problems);
            case LATIN1 -> new String(bytes, StandardCharsets.ISO_8859_1);
            case UCS2 -> ucs2(bytes, problems);
        };
        return new Decoded(withoutNul(text, problems), problems);
    }

    /**
     * U+0000 (octet 00 in ASCII or Latin-1, 0000 in UCS-2) becomes U+FFFD: PostgreSQL cannot keep
     * it in a text column, so a text carrying one was refused at every delivery, for ever.
     */
    private static String withoutNul(String text, List<String> problems) {
        if (text.indexOf('\0') < 0) {
            return text;
        }
        long nuls = text.chars().filter(c -> c == 0).count();
        problems.add(nuls + " NUL character(s) replaced");
        return text.replace('\0', REPLACEMENT);
    }

    /** The alphabet bits of the GSM 03.38 data coding scheme groups; 8-bit data is shown as Latin-1. */
    private static Alphabet guess(int dcs) {
        if ((dcs & 0xC0) == 0x00) {
            return switch ((dcs >> 2) & 0x03) {
                case 0 -> Alphabet.GSM7;
                case 2 -> Alphabet.UCS2;
                default -> Alphabet.LATIN1;
            };
        }
        if ((dcs & 0xF0) == 0xF0) {
            return (dcs & 0x04) == 0 ? Alphabet.GSM7 : Alphabet.LATIN1;
        }
        if ((dcs & 0xF0) == 0xE0) {
            return Alphabet.UCS2;
        }
        return Alphabet.LATIN1;
    }

    private static String gsm7(byte[] bytes, List<String> problems) {
        StringBuilder out = new StringBuilder(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            int septet = bytes[i] & 0xFF;
            if (septet > 0x7F) {
                problems.add("byte 0x%02X at %d is not a GSM-7 septet".formatted(septet, i));
                out.append(REPLACEMENT);
            } else if (septet != GsmAlphabet.ESCAPE) {
                out.append(GsmAlphabet.basicChar(septet));
            } else if (i + 1 >= bytes.length) {
                problems.add("GSM-7 escape at the end of the text");
            } else {
                int next = bytes[++i] & 0x7F;
                char extension = GsmAlphabet.extensionChar(next);
                // 23.038 6.2.1.1: an unknown extension shows the basic-table character instead; an
                // escape to an escape is reserved for a further table and shows as a space
                out.append(extension != 0 ? extension : next == GsmAlphabet.ESCAPE ? ' ' : GsmAlphabet.basicChar(next));
            }
        }
        return out.toString();
    }

    private static String ascii(byte[] bytes, List<String> problems) {
        StringBuilder out = new StringBuilder(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] < 0) {
                problems.add("byte 0x%02X at %d is not IA5/ASCII".formatted(bytes[i] & 0xFF, i));
                out.append(REPLACEMENT);
            } else {
                out.append((char) bytes[i]);
            }
        }
        return out.toString();
    }

    private static String ucs2(byte[] bytes, List<String> problems) {
        int units = bytes.length / 2;
        char[] chars = new char[units];
        for (int i = 0; i < units; i++) {
            chars[i] = (char) (((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF));
        }
        StringBuilder out = new StringBuilder(units + 1);
        for (int i = 0; i < units; i++) {
            char c = chars[i];
            if (Character.isHighSurrogate(c) && i + 1 < units && Character.isLowSurrogate(chars[i + 1])) {
                out.append(c).append(chars[++i]);
            } else if (Character.isSurrogate(c)) {
                problems.add("unpaired UTF-16 surrogate U+%04X at unit %d".formatted((int) c, i));
                out.append(REPLACEMENT);
            } else {
                out.append(c);
            }
        }
        if (bytes.length % 2 != 0) {
            problems.add("UCS-2 text has an odd length (" + bytes.length + " bytes); last byte replaced");
            out.append(REPLACEMENT);
        }
        return out.toString();
    }
}
