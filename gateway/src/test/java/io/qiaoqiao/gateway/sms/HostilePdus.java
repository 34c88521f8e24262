package io.qiaoqiao.gateway.sms;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Generates what a broken or hostile SMSC may send, octet by octet and without any SMPP library:
 * deliver_sm whose inner lengths lie (sm_length past the end, C-strings without their NUL,
 * optional parameters whose length runs past the PDU or whose header is cut), user data headers
 * whose length points past the text, concatenation elements that cannot be right, odd-length and
 * unpaired UCS-2, every data_coding and esm_class value, oversized message_payload, receipts
 * without an id, and commands an ESME does not expect. The command_length of each is the number
 * of octets written, so the stream stays framed; {@link #framingBreaker} makes the other kind.
 * The same seed gives the same PDUs.
 */
final class HostilePdus {
    static final int DELIVER_SM = 0x00000005;

    /** What the gateway owes this PDU: a response with its sequence number, or nothing (a PDU that takes no answer). */
    enum Expect { ANSWER, NO_ANSWER }

    /** One generated PDU; {@code what} says which mutation made it, for a failure message. */
    record Pdu(byte[] octets, Expect expect, String what) {
        int sequence() {
            return ByteBuffer.wrap(octets).getInt(12);
        }
    }

    private final Random random;

    HostilePdus(long seed) {
        this.random = new Random(seed);
    }

    Pdu next(int sequence) {
        int kind = random.nextInt(100);
        if (kind < 8) {
            return other(sequence);
        }
        Fields f = Fields.plausible(random);
        String what = mutate(f, kind);
        return new Pdu(f.octets(DELIVER_SM, sequence), Expect.ANSWER, what);
    }

    /** A PDU whose command_length cannot be trusted: too short for a header, negative, or past smpp.max-pdu-bytes. */
    byte[] framingBreaker(int sequence) {
        int length = switch (random.nextInt(3)) {
            case 0 -> random.nextInt(16);
            case 1 -> -1 - random.nextInt(Integer.MAX_VALUE);
            default -> 70_001 + random.nextInt(Integer.MAX_VALUE - 70_001);
        };
        return ByteBuffer.allocate(16).putInt(length).putInt(DELIVER_SM).putInt(0).putInt(sequence).array();
    }

    private String mutate(Fields f, int kind) {
        if (kind < 25) {
            return "a plausible text, data_coding " + f.dataCoding;
        }
        if (kind < 35) {
            f.dataCoding = random.nextInt(256);
            f.shortMessage = bytes(random.nextInt(160));
            return "data_coding 0x" + Integer.toHexString(f.dataCoding) + " with random octets";
        }
        if (kind < 42) {
            f.dataCoding = 8;
            byte[] text = bytes(1 + 2 * random.nextInt(70));
            if (random.nextBoolean()) {
                text[0] = (byte) 0xD8; // a high surrogate with no low one after it
            }
            f.shortMessage = text;
            return "UCS-2 of odd length " + text.length + " or with an unpaired surrogate";
        }
        if (kind < 50) {
            f.esmClass = random.nextInt(256);
            return "esm_class 0x" + Integer.toHexString(f.esmClass);
        }
        if (kind < 58) {
            f.esmClass |= 0x40;
            f.shortMessage = udh(f.shortMessage);
            return "a user data header that cannot be right";
        }
        if (kind < 63) {
            f.smLengthLie = 1 + random.nextInt(200);
            return "sm_length " + f.smLengthLie + " past the end of the PDU";
        }
        if (kind < 68) {
            f.cutAfterField = random.nextInt(5);
            return "C-string without its NUL, PDU cut after field " + f.cutAfterField;
        }
        if (kind < 72) {
            f.sourceAddr = "8".repeat(21 + random.nextInt(60));
            return "source_addr longer than SMPP allows";
        }
        if (kind < 85) {
            f.tlvs = tlvs();
            return "optional parameters that lie";
        }
        if (kind < 90) {
            f.shortMessage = new byte[0];
            f.tlvs = tlv(0x0424, bytes(random.nextBoolean() ? random.nextInt(300) : 8_001 + random.nextInt(20_000)));
            return "message_payload of " + (f.tlvs.length - 4) + " octets";
        }
        if (kind < 95) {
            f.esmClass = 0x04;
            f.dataCoding = 0;
            f.shortMessage = ("sub:001 dlvrd:001 stat:" + word() + " err:" + random.nextInt(1000) + " text:" + word())
                    .getBytes(StandardCharsets.ISO_8859_1);
            if (random.nextBoolean()) {
                f.tlvs = tlv(0x001E, (Integer.toHexString(random.nextInt()) + "\0").getBytes(StandardCharsets.US_ASCII));
            }
            return "a delivery receipt, with or without an id";
        }
        f.dataCoding = random.nextBoolean() ? 0 : 3;
        f.shortMessage = bytes(random.nextInt(255));
        return "GSM or Latin-1 random octets, escape septets included";
    }

    /** Commands other than deliver_sm: some take an answer (enquire_link, data_sm, unknown ids), some none. */
    private Pdu other(int sequence) {
        return switch (random.nextInt(5)) {
            case 0 -> new Pdu(header(16, 0x00000015, sequence).array(), Expect.ANSWER, "enquire_link");
            case 1 -> {
                int id = 0x00000200 + random.nextInt(0x100);
                byte[] body = bytes(random.nextInt(40));
                yield new Pdu(header(16 + body.length, id, sequence).put(body).array(), Expect.ANSWER,
                        "unknown command_id 0x" + Integer.toHexString(id));
            }
            case 2 -> {
                Fields f = Fields.plausible(random);
                yield new Pdu(f.dataSm(sequence), Expect.ANSWER, "data_sm");
            }
            case 3 -> new Pdu(header(16, 0x80000000, sequence).array(), Expect.NO_ANSWER, "generic_nack for nothing sent");
            default -> new Pdu(header(22, 0x00000102, sequence).put(new byte[] {0, 0, 0, 0, 0, 0}).array(), Expect.NO_ANSWER,
                    "alert_notification");
        };
    }

    private byte[] udh(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(5)) {
            case 0 -> out.write(text.length + 1 + random.nextInt(100)); // header longer than the message
            case 1 -> out.writeBytes(new byte[] {5, 0, (byte) random.nextInt(6), 7, 0, 0}); // concat IE of the wrong length
            case 2 -> out.writeBytes(new byte[] {5, 0, 3, 9, 0, 1}); // 0 parts
            case 3 -> out.writeBytes(new byte[] {5, 0, 3, 9, 2, (byte) (3 + random.nextInt(250))}); // part past the total
            default -> out.writeBytes(new byte[] {6, 8, 4, (byte) random.nextInt(256), (byte) random.nextInt(256),
                    (byte) (1 + random.nextInt(255)), (byte) random.nextInt(256)}); // 16-bit reference, any numbers
        }
        out.writeBytes(text);
        return out.toByteArray();
    }

    private byte[] tlvs() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            int tag = switch (random.nextInt(6)) {
                case 0 -> 0x020C; // sar_msg_ref_num
                case 1 -> 0x020E; // sar_total_segments
                case 2 -> 0x020F; // sar_segment_seqnum
                case 3 -> 0x0427; // message_state
                case 4 -> 0x001E; // receipted_message_id
                default -> random.nextInt(0x10000);
            };
            byte[] value = bytes(random.nextInt(6));
            out.writeBytes(tlv(tag, value));
        }
        switch (random.nextInt(3)) {
            case 0 -> out.writeBytes(new byte[] {0x04, 0x24, 0x10, 0x00, 1, 2}); // message_payload claims 4096 octets, has 2
            case 1 -> out.writeBytes(bytes(1 + random.nextInt(3))); // a TLV header cut short
            default -> {
                // well formed
            }
        }
        return out.toByteArray();
    }

    private static byte[] tlv(int tag, byte[] value) {
        return ByteBuffer.allocate(4 + value.length).putShort((short) tag).putShort((short) value.length).put(value).array();
    }

    private String word() {
        String[] words = {"DELIVRD", "UNDELIV", "EXPIRED", "ACCEPTD", "", "???", "王秀英家住桥头村五号", "delivrd"};
        return words[random.nextInt(words.length)];
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static ByteBuffer header(int length, int commandId, int sequence) {
        return ByteBuffer.allocate(length).putInt(length).putInt(commandId).putInt(0).putInt(sequence);
    }

    /** The mandatory fields of a deliver_sm (SMPP 3.4 section 4.6.1) and how to lie about them. */
    private static final class Fields {
        String serviceType = "";
        int sourceTon = 1;
        int sourceNpi = 1;
        String sourceAddr;
        String destAddr = "12345";
        int esmClass;
        int dataCoding;
        byte[] shortMessage;
        byte[] tlvs = new byte[0];
        int smLengthLie = -1;
        int cutAfterField = -1;

        static Fields plausible(Random random) {
            Fields f = new Fields();
            f.sourceAddr = "86139" + String.format("%08d", random.nextInt(100_000_000));
            String[] texts = {"家里水管漏了，麻烦来人修一下。", "Call me @ home", "电视坏了", "想问问医保报销的事"};
            String text = texts[random.nextInt(texts.length)];
            boolean ucs2 = !text.startsWith("Call");
            f.dataCoding = ucs2 ? 8 : 0;
            f.shortMessage = text.getBytes(ucs2 ? StandardCharsets.UTF_16BE : StandardCharsets.US_ASCII);
            return f;
        }

        byte[] octets(int commandId, int sequence) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int field = 0;
            cString(body, serviceType, field++);
            if (cut(field)) {
                return frame(commandId, sequence, body);
            }
            body.write(sourceTon);
            body.write(sourceNpi);
            cString(body, sourceAddr, field++);
            if (cut(field)) {
                return frame(commandId, sequence, body);
            }
            body.write(0);
            body.write(1);
            cString(body, destAddr, field++);
            if (cut(field)) {
                return frame(commandId, sequence, body);
            }
            body.writeBytes(new byte[] {(byte) esmClass, 0, 0});
            cString(body, "", field++);
            cString(body, "", field++);
            if (cut(field)) {
                return frame(commandId, sequence, body);
            }
            body.writeBytes(new byte[] {0, 0, (byte) dataCoding, 0});
            int length = Math.min(shortMessage.length, 254);
            body.write(smLengthLie > 0 ? Math.min(255, length + smLengthLie) : length);
            body.write(shortMessage, 0, length);
            if (smLengthLie <= 0) {
                body.writeBytes(tlvs);
            }
            return frame(commandId, sequence, body);
        }

        /** data_sm (SMPP 3.4 section 4.7.1): the same addresses, then data_coding and optional parameters. */
        byte[] dataSm(int sequence) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            cString(body, "", 0);
            body.writeBytes(new byte[] {1, 1});
            cString(body, sourceAddr, 1);
            body.writeBytes(new byte[] {0, 1});
            cString(body, destAddr, 2);
            body.writeBytes(new byte[] {0, 0, (byte) dataCoding});
            body.writeBytes(tlv(0x0424, shortMessage));
            return frame(0x00000103, sequence, body);
        }

        private boolean cut(int field) {
            return cutAfterField >= 0 && field > cutAfterField;
        }

        /** A C-octet string; the one at {@link #cutAfterField} loses its NUL and ends the PDU. */
        private void cString(ByteArrayOutputStream out, String s, int field) {
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            if (field != cutAfterField) {
                out.write(0);
            } else {
                out.writeBytes("XYZ".getBytes(StandardCharsets.US_ASCII));
            }
        }

        private static byte[] frame(int commandId, int sequence, ByteArrayOutputStream body) {
            byte[] b = body.toByteArray();
            return header(16 + b.length, commandId, sequence).put(b).array();
        }
    }
}
