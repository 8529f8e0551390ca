package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.runtime.QueryException;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An encoded Argon2 hash ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}). */
record Argon2Hash(int type, int version, int memory, int iterations, int parallelism, byte[] salt, byte[] hash) {

    static Argon2Hash parse(String encoded) {
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 6) throw new QueryException("invalid argon2 hash");
        int type = switch (parts[1]) {
            case "argon2id" -> Argon2Parameters.ARGON2_id;
            case "argon2i" -> Argon2Parameters.ARGON2_i;
            default -> throw new QueryException("invalid argon2 hash: unrecognised argon2 format");
        };
        if (!parts[2].startsWith("v=") || parts[2].length() == 2) throw new QueryException("invalid argon2 hash: failed to parse version");
        Matcher m = Pattern.compile("^m=(\\d+),t=(\\d+),p=(\\d+)$").matcher(parts[3]);
        if (!m.matches()) throw new QueryException("invalid argon2 hash: failed to parse parameters");
        int memory;
        int iterations;
        int parallelism;
        try {
            memory = Integer.parseUnsignedInt(m.group(1));
            iterations = Integer.parseUnsignedInt(m.group(2));
            parallelism = Integer.parseInt(m.group(3));
            if (parallelism > 255) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw new QueryException("invalid argon2 hash: failed to parse parameters");
        }
        byte[] salt;
        byte[] key;
        try {
            salt = Base64.getDecoder().decode(pad(parts[4], "salt"));
        } catch (IllegalArgumentException e) {
            throw new QueryException("invalid argon2 hash: failed to parse base64 salt");
        }
        try {
            key = Base64.getDecoder().decode(pad(parts[5], "key"));
        } catch (IllegalArgumentException e) {
            throw new QueryException("invalid argon2 hash: failed to parse base64 key");
        }
        // the Go library always computes version 0x13, whatever the hash says
        return new Argon2Hash(type, Argon2Parameters.ARGON2_VERSION_13, memory, iterations, parallelism, salt, key);
    }

    /** Raw (unpadded) standard base64, as the original requires. */
    private static String pad(String s, String what) {
        if (s.indexOf('=') >= 0) throw new IllegalArgumentException(what);
        return stripPadding(s);
    }

    private static String stripPadding(String s) {
        String t = s.replace("=", "");
        int pad = (4 - t.length() % 4) % 4;
        return t + "=".repeat(pad);
    }

    boolean matches(String secret) {
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(new Argon2Parameters.Builder(type).withVersion(version).withMemoryAsKB(memory)
                .withIterations(iterations).withParallelism(parallelism).withSalt(salt).build());
        byte[] out = new byte[hash.length];
        gen.generateBytes(secret.getBytes(StandardCharsets.UTF_8), out);
        return MessageDigest.isEqual(out, hash);
    }
}
