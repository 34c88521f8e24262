package io.qiaoqiao.gateway.desk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Operators' passwords, hashed with Argon2id (RFC 9106, Bouncy Castle's implementation) and
 * stored as the PHC string the reference {@code argon2} tool prints,
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, so the cost travels with each hash and
 * can be raised later without locking anyone out. The cost (19 MiB, 2 passes) is OWASP's
 * minimum for Argon2id: tens of milliseconds per check, which is why checks run on a worker
 * thread, never on an event loop.
 */
public final class PasswordHash {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 128;
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_IN = Base64.getDecoder();
    /** Checked against when the name is unknown, so a wrong name costs as long as a wrong password. */
    static final String NOBODY = hash("not a password anyone has");

    private PasswordHash() {
    }

    /** A fresh salt and the hash of {@code password}, as a PHC string. Blocking: tens of milliseconds. */
    public static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(out);
    }

    /** Whether {@code password} is the one {@code encoded} was made from. Blocking, and constant-time in the comparison. */
    public static boolean verify(String password, String encoded) {
        Matcher m = PHC.matcher(encoded == null ? "" : encoded);
        if (!m.matches()) {
            return false;
        }
        byte[] salt = B64_IN.decode(m.group(4));
        byte[] expected = B64_IN.decode(m.group(5));
        int memory = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int parallelism = Integer.parseInt(m.group(3));
        if (memory < 8 * parallelism || iterations < 1 || parallelism < 1 || expected.length < 16) {
            return false;
        }
        return MessageDigest.isEqual(expected, derive(password, salt, memory, iterations, parallelism, expected.length));
    }

    /** Why a new password is refused (Chinese, English), or null when it is fine. */
    public static String[] refusal(String password) {
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            return new String[] {"密码要有 " + MIN_LENGTH + " 到 " + MAX_LENGTH + " 个字符",
                    "a password has " + MIN_LENGTH + " to " + MAX_LENGTH + " characters"};
        }
        return null;
    }

    private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(parallelism).withSalt(salt).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
