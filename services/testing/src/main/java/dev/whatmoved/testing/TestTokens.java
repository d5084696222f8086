package dev.whatmoved.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Bearer tokens for tests, signed by a key pair made once per test JVM whose public half the
 * {@link PlatformTestResource} gives the service; plus the broken tokens an attacker or a stale client would send.
 */
public final class TestTokens {

    public static final String ISSUER = "whatmoved";

    private static final Path KEY_DIR = Path.of("target", "test-jwt");
    private static final Path PUBLIC_KEY = KEY_DIR.resolve("public.pem");
    private static final Path PRIVATE_KEY = KEY_DIR.resolve("private.key");

    /**
     * The trusted key pair, kept in files under the module's {@code target/}: Quarkus loads test classes and test
     * resources in different class loaders, and the service reads the public key from the file its test profile names
     * ({@code %test.mp.jwt.verify.publickey.location=target/test-jwt/public.pem}). A key configured at build time also
     * stops Quarkus from generating a test key pair of its own.
     */
    private static final KeyPair KEYS = sharedKeyPair();

    private static final KeyPair OTHER_KEYS = generate();

    private TestTokens() {}

    /** A valid token carrying {@code scopes}. */
    public static String withScopes(String... scopes) {
        return sign(KEYS, UUID.randomUUID().toString(), Instant.now().plusSeconds(3600), scopes);
    }

    /** A RestAssured request of a caller whose valid token carries {@code scopes}. */
    public static RequestSpecification caller(String... scopes) {
        return RestAssured.given().auth().oauth2(withScopes(scopes));
    }

    /** A RestAssured request of the caller {@code subject} (the token's {@code sub}) with a valid token for {@code scopes}. */
    public static RequestSpecification callerAs(String subject, String... scopes) {
        return RestAssured.given()
                .auth()
                .oauth2(sign(
                        KEYS,
                        subject,
                        UUID.randomUUID().toString(),
                        Instant.now().plusSeconds(3600),
                        scopes));
    }

    /** A valid token with a known id, to revoke it. */
    public static String withId(String tokenId, String... scopes) {
        return sign(KEYS, tokenId, Instant.now().plusSeconds(3600), scopes);
    }

    /** Correctly signed, but expired an hour ago (beyond any clock skew). */
    public static String expired(String... scopes) {
        return sign(KEYS, UUID.randomUUID().toString(), Instant.now().minusSeconds(3600), scopes);
    }

    /** Well-formed and unexpired, but signed by a key the service does not trust. */
    public static String signedByAnotherKey(String... scopes) {
        return sign(OTHER_KEYS, UUID.randomUUID().toString(), Instant.now().plusSeconds(3600), scopes);
    }

    /** A genuine token for {@code genuineScope} whose payload was edited to claim {@code forgedScopes}. */
    public static String forged(String genuineScope, String... forgedScopes) {
        String[] parts = withScopes(genuineScope).split("\\.");
        Base64.Decoder decoder = Base64.getUrlDecoder();
        String payload = new String(decoder.decode(parts[1]), StandardCharsets.UTF_8);
        String edited = payload.replace(
                "\"scope\":\"" + genuineScope + "\"", "\"scope\":\"" + String.join(" ", forgedScopes) + "\"");
        if (edited.equals(payload)) {
            throw new IllegalStateException("could not find the scope claim in " + payload);
        }
        String encoded =
                Base64.getUrlEncoder().withoutPadding().encodeToString(edited.getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + encoded + "." + parts[2];
    }

    /** The trusted public key, PEM-encoded, as {@code mp.jwt.verify.publickey} takes it. */
    public static String publicKeyPem() {
        return pem(KEYS);
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String sign(KeyPair keys, String tokenId, Instant expiresAt, String... scopes) {
        return sign(keys, "test-client", tokenId, expiresAt, scopes);
    }

    private static String sign(KeyPair keys, String subject, String tokenId, Instant expiresAt, String... scopes) {
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .claim("jti", tokenId)
                .claim("scope", String.join(" ", scopes))
                .issuedAt(expiresAt.minusSeconds(7200))
                .expiresAt(expiresAt)
                .sign(keys.getPrivate());
    }

    private static KeyPair sharedKeyPair() {
        synchronized (System.class) {
            try {
                if (!Files.exists(PUBLIC_KEY) || !Files.exists(PRIVATE_KEY)) {
                    KeyPair generated = generate();
                    Files.createDirectories(KEY_DIR);
                    Files.writeString(PUBLIC_KEY, pem(generated));
                    Files.writeString(
                            PRIVATE_KEY,
                            Base64.getEncoder()
                                    .encodeToString(generated.getPrivate().getEncoded()));
                    return generated;
                }
                KeyFactory factory = KeyFactory.getInstance("RSA");
                String publicPem = Files.readString(PUBLIC_KEY)
                        .replaceAll("-----[A-Z ]+-----", "")
                        .replaceAll("\\s", "");
                return new KeyPair(
                        factory.generatePublic(
                                new X509EncodedKeySpec(Base64.getDecoder().decode(publicPem))),
                        factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                                .decode(Files.readString(PRIVATE_KEY).strip()))));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("could not share the test key pair through " + KEY_DIR, e);
            }
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
