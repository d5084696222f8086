package dev.whatmoved.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The embedded platform's token signing key pair, made on first use under {@code <data dir>/keys}: the services
 * verify tokens with the public half, {@code ./whatmoved token} signs with the private half (readable by its owner
 * only). Deleting the directory and restarting revokes every token minted so far.
 */
final class SigningKeys {

    static final String ISSUER = "whatmoved";

    private final Path publicKey;
    private final Path privateKey;

    SigningKeys(Path dataDir) {
        Path dir = dataDir.resolve("keys");
        this.publicKey = dir.resolve("jwt-public.pem");
        this.privateKey = dir.resolve("jwt-private.pem");
    }

    /** Makes the key pair unless it exists; returns this. */
    SigningKeys ensure() {
        if (Files.exists(publicKey) && Files.exists(privateKey)) {
            return this;
        }
        try {
            Files.createDirectories(publicKey.getParent());
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            Files.deleteIfExists(privateKey);
            Files.createFile(
                    privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the signing keys under " + publicKey.getParent(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the services verify tokens with ({@code mp.jwt.verify.publickey.location}). */
    Path publicKeyFile() {
        return publicKey;
    }

    PrivateKey privateKey() {
        try {
            String body = Files.readString(privateKey)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + privateKey, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(privateKey + " is not an RSA private key", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
