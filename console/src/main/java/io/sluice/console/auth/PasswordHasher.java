package io.sluice.console.auth;

import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Password hashes: Argon2id (BouncyCastle) with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane), written in the
 * PHC string format {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} that other Argon2 tools read. bcrypt hashes
 * ({@code $2a$}, {@code $2b$}, {@code $2y$}; BouncyCastle's OpenBSD bcrypt) are verified too, so accounts can be imported. Hashing takes tens of
 * milliseconds on purpose: call it from a virtual thread, never from an event loop.
 */
public final class PasswordHasher {

    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2id(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** True when {@code password} matches {@code encoded}; false for a wrong password or a hash it cannot read. */
    public boolean verify(String password, String encoded) {
        if (encoded == null) {
            return false;
        }
        if (encoded.startsWith("$2a$") || encoded.startsWith("$2b$") || encoded.startsWith("$2y$")) {
            try {
                return OpenBSDBCrypt.checkPassword(encoded, password.toCharArray());
            } catch (IllegalArgumentException | DataLengthException e) {
                return false;
            }
        }
        if (!encoded.startsWith("$argon2id$")) {
            return false;
        }
        // $argon2id$v=19$m=..,t=..,p=..$salt$hash
        String[] parts = encoded.split("\\$");
        if (parts.length != 6 || !parts[2].equals("v=19")) {
            return false;
        }
        try {
            int memory = 0;
            int iterations = 0;
            int parallelism = 0;
            for (String setting : parts[3].split(",")) {
                int value = Integer.parseInt(setting.substring(2));
                switch (setting.substring(0, 2)) {
                    case "m=" -> memory = value;
                    case "t=" -> iterations = value;
                    case "p=" -> parallelism = value;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = B64_DECODER.decode(parts[4]);
            byte[] expected = B64_DECODER.decode(parts[5]);
            if (memory < 8 || iterations < 1 || parallelism < 1 || expected.length < 16) {
                return false;
            }
            byte[] actual = argon2id(password, salt, memory, iterations, parallelism, expected.length);
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    private static byte[] argon2id(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
