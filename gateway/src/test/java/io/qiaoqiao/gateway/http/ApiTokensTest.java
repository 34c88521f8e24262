package io.qiaoqiao.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiTokensTest {
    private final ApiTokens tokens = ApiTokens.parse("""
            studio:tickets.read+tickets.write:sha256:%s
            township:*:plain-secret
            """.formatted(ApiTokens.hashOf("hashed-secret")));

    @Test
    void a_hashed_and_a_plain_entry_both_authenticate_with_their_scopes() {
        ApiTokens.Operator studio = tokens.authenticate("hashed-secret").orElseThrow();
        assertEquals("studio", studio.name());
        assertEquals(Set.of("tickets.read", "tickets.write"), studio.scopes());
        assertFalse(studio.may("roster.write"));
        ApiTokens.Operator township = tokens.authenticate("plain-secret").orElseThrow();
        assertTrue(township.may("recordings"), "* grants every scope");
        assertEquals("operator:township", township.actor());
    }

    @Test
    void wrong_empty_and_hash_as_token_do_not_authenticate() {
        assertEquals(Optional.empty(), tokens.authenticate("hashed-secreT"));
        assertEquals(Optional.empty(), tokens.authenticate(""));
        assertEquals(Optional.empty(), tokens.authenticate(null));
        assertEquals(Optional.empty(), tokens.authenticate(ApiTokens.hashOf("hashed-secret")), "the stored hash is not a token");
    }

    @Test
    void no_configured_tokens_means_an_empty_list() {
        assertTrue(ApiTokens.parse("").isEmpty());
        assertTrue(ApiTokens.parse(" , \n").isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "studio:tickets.read                     | entry 1 must look like name:scope1+scope2:secret",
            "studio:tickets.read+fly:x               | unknown scope 'fly'",
            "a:*:x\\nA b:*:y                          | the name must be",
            "a:*:x\\na:*:y                            | entry 2: the name must be 1-64 letters, digits or ._@- and unique",
            "a:*:sha256:abc                          | sha256: must be followed by 64 hex digits"})
    void malformed_entries_are_configuration_errors_that_name_the_entry(String configured, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiTokens.parse(configured.replace("\\n", "\n")));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertFalse(e.getMessage().contains(":x"), "the secret is never part of the message");
    }
}
