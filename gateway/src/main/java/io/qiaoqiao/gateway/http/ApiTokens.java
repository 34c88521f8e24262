package io.qiaoqiao.gateway.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator API's bearer tokens, from {@code api.tokens} (a secret: environment or
 * {@code api.tokens-file}). Entries are separated by commas or new lines, each
 * {@code name:scope1+scope2:secret}, where the secret is {@code sha256:<64 hex digits>} (the
 * SHA-256 of the token, so the config never holds the token itself) or the token in plain text.
 * Presented tokens are hashed and compared with every entry in constant time.
 *
 * <p>Scopes of note: {@code phones} shows residents' full phone numbers in ticket events (others
 * see them masked), {@code metrics.read} reads {@code /metrics} on the API port. The entries can
 * be replaced while the gateway runs ({@link #replaceWith}: the token file is re-read on SIGHUP
 * and when it changes), so revoking a token needs no restart.
 */
public final class ApiTokens {
    /** Every scope the API knows; {@code *} grants them all. */
    public static final Set<String> SCOPES = Set.of("tickets.read", "tickets.write", "roster.read", "roster.write",
            "points.read", "points.write", "plugins.read", "plugins.write", "logging.read", "logging.write", "confidential", "recordings",
            "phones", "metrics.read", "broadcasts.read", "broadcasts.write", "help-ledger.read", "help-ledger.write", "checkins.read", "checkins.write",
            "operators.read", "operators.write", "audit.read", "ledger.read", "ledger.send", "*");
    /** Not a scope one holds: what an operation needs that any signed-in caller may do (their own session). */
    public static final String SIGNED_IN = "signed-in";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final String SHA256 = "sha256:";

    /** Who is calling and what they may do. */
    public record Operator(String name, Set<String> scopes) {
        public boolean may(String scope) {
            return scopes.contains(scope) || scopes.contains("*");
        }

        /** The actor written to audit events. */
        public String actor() {
            return "operator:" + name;
        }
    }

    private record Entry(Operator operator, byte[] hash) {
    }

    private volatile List<Entry> entries;

    private ApiTokens(List<Entry> entries) {
        this.entries = entries;
    }

    /** From now on the tokens of {@code newer} hold, and only they (a revoked token fails at its next request). */
    public void replaceWith(ApiTokens newer) {
        this.entries = newer.entries;
    }

    /** The operators' names, for the log (never the tokens). */
    public List<String> names() {
        return entries.stream().map(e -> e.operator().name()).toList();
    }

    /** Parses the configured list; a malformed entry is a configuration error naming the entry by its position. */
    public static ApiTokens parse(String configured) {
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        String[] items = configured == null ? new String[0] : configured.split("[,\\n]");
        int position = 0;
        for (String raw : items) {
            String item = raw.strip();
            if (item.isEmpty()) {
                continue;
            }
            position++;
            String[] parts = item.split(":", 3);
            if (parts.length != 3 || parts[2].isEmpty()) {
                throw new IllegalArgumentException("api.tokens entry " + position + " must look like name:scope1+scope2:secret");
            }
            String name = parts[0].strip();
            if (!NAME.matcher(name).matches() || !names.add(name)) {
                throw new IllegalArgumentException("api.tokens entry " + position
                        + ": the name must be 1-64 letters, digits or ._@- and unique");
            }
            Set<String> scopes = new LinkedHashSet<>(List.of(parts[1].strip().split("\\+")));
            for (String scope : scopes) {
                if (!SCOPES.contains(scope)) {
                    throw new IllegalArgumentException("api.tokens entry " + position + " (" + name + "): unknown scope '"
                            + scope + "'; known: " + SCOPES);
                }
            }
            entries.add(new Entry(new Operator(name, Set.copyOf(scopes)), storedHash(parts[2].strip(), position)));
        }
        return new ApiTokens(List.copyOf(entries));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The operator the token belongs to. Every entry is compared, so timing says nothing about which matched. */
    public Optional<Operator> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = sha256(token);
        Operator found = null;
        for (Entry e : this.entries) {
            if (MessageDigest.isEqual(e.hash(), presented) && found == null) {
                found = e.operator();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] storedHash(String secret, int position) {
        if (!secret.startsWith(SHA256)) {
            return sha256(secret);
        }
        String hex = secret.substring(SHA256.length());
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("api.tokens entry " + position + ": sha256: must be followed by 64 hex digits");
        }
        return HexFormat.of().parseHex(hex);
    }

    /** The hex SHA-256 of a token, as {@code api.tokens} stores it after {@code sha256:}. */
    public static String hashOf(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
