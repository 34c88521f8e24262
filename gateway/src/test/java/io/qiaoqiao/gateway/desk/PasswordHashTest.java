package io.qiaoqiao.gateway.desk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Argon2id hashes as the reference implementation writes them. */
class PasswordHashTest {
    /**
     * Made with the reference tool (Debian's argon2 20190702):
     * {@code echo -n "老站长的密码 2026" | argon2 qiaoqiaosalt16b -id -t 2 -m 12 -p 1 -l 32 -e} and
     * {@code echo -n "correct horse battery" | argon2 "盐盐盐盐盐盐" -id -t 3 -k 19456 -p 1 -l 32 -e}.
     */
    private static final String REFERENCE_SMALL = "$argon2id$v=19$m=4096,t=2,p=1$cWlhb3FpYW9zYWx0MTZi$kv3nDlxfGVZ4pugkfadp/IVtPbykRJSVCppzkKJeZSk";
    private static final String REFERENCE_OWASP = "$argon2id$v=19$m=19456,t=3,p=1$55uQ55uQ55uQ55uQ55uQ55uQ$w5W4SiiG4hRa5eDxGZgCh+qsCUeUj90OqpQhKo7rAbk";

    @Test
    void hashes_made_by_the_reference_argon2_tool_verify_and_a_changed_password_does_not() {
        assertTrue(PasswordHash.verify("老站长的密码 2026", REFERENCE_SMALL));
        assertTrue(PasswordHash.verify("correct horse battery", REFERENCE_OWASP));
        assertFalse(PasswordHash.verify("老站长的密码 2027", REFERENCE_SMALL));
        assertFalse(PasswordHash.verify("correct horse battery ", REFERENCE_OWASP));
        assertFalse(PasswordHash.verify("correct horse battery", REFERENCE_OWASP.replace("$w5W4", "$w5W5")), "one changed hash character");
    }

    @Test
    void a_new_hash_is_an_owasp_strength_argon2id_phc_string_with_its_own_salt() {
        String first = PasswordHash.hash("桥头村的密码");
        String second = PasswordHash.hash("桥头村的密码");
        assertTrue(first.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), first);
        assertNotEquals(first, second, "a fresh salt every time");
        assertTrue(PasswordHash.verify("桥头村的密码", first));
        assertTrue(PasswordHash.verify("桥头村的密码", second));
        assertFalse(PasswordHash.verify("桥头村的密码!", first));
    }

    @Test
    void anything_that_is_not_an_argon2id_string_never_verifies() {
        assertFalse(PasswordHash.verify("x", null));
        assertFalse(PasswordHash.verify("x", "x"));
        assertFalse(PasswordHash.verify("x", "$argon2i$v=19$m=4096,t=2,p=1$cWlhb3FpYW9zYWx0MTZi$kv3nDlxfGVZ4pugkfadp/IVtPbykRJSVCppzkKJeZSk"));
        assertFalse(PasswordHash.verify("x", "$2y$10$abcdefghijklmnopqrstuuFsOMPOJ5bYnfHaRhmjF7bR5S1v7jbO"), "bcrypt is not accepted");
    }
}
