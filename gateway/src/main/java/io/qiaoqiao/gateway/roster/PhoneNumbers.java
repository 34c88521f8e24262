package io.qiaoqiao.gateway.roster;

import java.util.Optional;

/**
 * Phone numbers as the roster keeps them: E.164 with +86 as the default country, so that
 * "13812345678", "86 138-1234-5678" and "+8613812345678" are the same person.
 */
public final class PhoneNumbers {
    private PhoneNumbers() {
    }

    /** The E.164 form, or empty when the input is not a plausible phone number. */
    public static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        StringBuilder digits = new StringBuilder();
        boolean plus = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c >= '０' && c <= '９') { // full-width digits typed on Chinese keyboards
                digits.append((char) ('0' + (c - '０')));
            } else if ((c == '+' || c == '＋') && digits.isEmpty() && !plus) {
                plus = true;
            } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
                return Optional.empty();
            }
        }
        String d = digits.toString();
        if (plus) {
            return d.length() >= 8 && d.length() <= 15 ? Optional.of("+" + d) : Optional.empty();
        }
        if (d.startsWith("0086")) {
            d = d.substring(4);
        } else if (d.startsWith("86") && d.length() == 13) {
            d = d.substring(2);
        } else if (d.startsWith("00") && d.length() > 10) {
            return d.length() - 2 <= 15 ? Optional.of("+" + d.substring(2)) : Optional.empty();
        }
        // Mainland mobiles are 11 digits starting with 1; landlines keep their area code
        // without the trunk 0 (0571-1234567 -> +865711234567).
        if (d.length() == 11 && d.charAt(0) == '1') {
            return Optional.of("+86" + d);
        }
        if (d.startsWith("0") && d.length() >= 10 && d.length() <= 12) {
            return Optional.of("+86" + d.substring(1));
        }
        return Optional.empty();
    }

    /** For logs: +86138****5678. Never log a full number. */
    public static String mask(String phone) {
        if (phone == null || phone.length() < 8) {
            return "****";
        }
        return phone.substring(0, phone.length() - 8) + "****" + phone.substring(phone.length() - 4);
    }
}
