package dev.whatmoved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCommandTest {

    @Test
    void mintsASignedTokenWithTheScopesSubjectAndLifetimeAsked() throws Exception {
        Path dataDir = Files.createTempDirectory("token");
        var request = TokenCommand.parse(
                List.of("--scope", "releases:write,read", "--subject", "ci-checkout", "--ttl", "90d"));
        Instant now = Instant.parse("2026-11-24T10:00:00Z");

        String token = TokenCommand.mint(new SigningKeys(dataDir).ensure(), request, now);

        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertEquals("whatmoved", claims.path("iss").asText());
        assertEquals("ci-checkout", claims.path("sub").asText());
        assertEquals("releases:write read", claims.path("scope").asText());
        assertEquals(
                now.plus(Duration.ofDays(90)).getEpochSecond(),
                claims.path("exp").asLong());
        assertTrue(claims.path("jti").asText().length() > 10);
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(dataDir.resolve("keys").resolve("jwt-private.pem"))));
    }

    @Test
    void keepsTheKeyPairAcrossRuns() throws Exception {
        Path dataDir = Files.createTempDirectory("token");
        String first = Files.readString(new SigningKeys(dataDir).ensure().publicKeyFile());
        String second = Files.readString(new SigningKeys(dataDir).ensure().publicKeyFile());
        assertEquals(first, second);
    }

    @Test
    void refusesAnUnknownScopeAMissingSubjectAndABadLifetime() {
        var unknown = assertThrows(
                LauncherException.class, () -> TokenCommand.parse(List.of("--scope", "write", "--subject", "x")));
        assertTrue(unknown.getMessage().contains("unknown scope 'write'"), unknown.getMessage());
        assertThrows(LauncherException.class, () -> TokenCommand.parse(List.of("--scope", "read")));
        var ttl = assertThrows(
                LauncherException.class,
                () -> TokenCommand.parse(List.of("--scope", "read", "--subject", "x", "--ttl", "forever")));
        assertTrue(ttl.getMessage().contains("--ttl"), ttl.getMessage());
        assertEquals(Duration.ofHours(12), TokenCommand.ttl("12h"));
        assertEquals(Duration.ofMinutes(90), TokenCommand.ttl("PT90M"));
    }
}
