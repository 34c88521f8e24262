package io.qiaoqiao.gateway.sms;

/**
 * The GSM 03.38 default alphabet and its extension table, one septet per byte (unpacked), as
 * SMSCs expect it over SMPP with data_coding 0.
 */
final class GsmAlphabet {
    static final int ESCAPE = 0x1B;

    /** Septet value -> character; index 0x1B is the escape to the extension table, never a character. */
    private static final String BASIC =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ"
                    + " !\"#¤%&'()*+,-./0123456789:;<=>?"
                    + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
                    + "¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION_CHARS = "\f^{}\\[~]|€";
    private static final int[] EXTENSION_SEPTETS = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};

    static {
        if (BASIC.length() != 128) {
            throw new AssertionError("GSM basic table must have 128 entries, has " + BASIC.length());
        }
    }

    private GsmAlphabet() {
    }

    /** The septet of a basic-table character, or -1. */
    static int basicSeptet(char c) {
        return c == ESCAPE ? -1 : BASIC.indexOf(c);
    }

    /** The septet (to follow an escape) of an extension-table character, or -1. */
    static int extensionSeptet(char c) {
        int i = EXTENSION_CHARS.indexOf(c);
        return i < 0 ? -1 : EXTENSION_SEPTETS[i];
    }

    /** How many septets {@code c} costs: 1, 2 (escape + extension), or 0 when it has no GSM form. */
    static int septets(char c) {
        if (basicSeptet(c) >= 0) {
            return 1;
        }
        return extensionSeptet(c) >= 0 ? 2 : 0;
    }

    static boolean canEncode(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (septets(text.charAt(i)) == 0) {
                return false;
            }
        }
        return true;
    }

    static char basicChar(int septet) {
        return BASIC.charAt(septet & 0x7F);
    }

    /** The extension character for a septet that followed an escape, or 0 when undefined. */
    static char extensionChar(int septet) {
        for (int i = 0; i < EXTENSION_SEPTETS.length; i++) {
            if (EXTENSION_SEPTETS[i] == septet) {
                return EXTENSION_CHARS.charAt(i);
            }
        }
        return 0;
    }
}
