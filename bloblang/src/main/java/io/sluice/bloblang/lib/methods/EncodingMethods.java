package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Function;

/** {@code encode}, {@code decode} and {@code hash} from the "Encoding and Encryption" category. */
public final class EncodingMethods implements LibraryModule {

    @Override
    public void register(Library lib) {
        lib.addValueMethod(MethodSpec.of("encode", Category.ENCODING,
                        "Encodes a string or byte array target according to a chosen scheme and returns a string result. Schemes: base64, base64url, base64rawurl, hex, ascii85.")
                        .param(Param.string("scheme", "The encoding scheme to use."))
                        .example(Example.of("", "root.encoded = this.value.encode(\"hex\")", "{\"value\":\"hello world\"}", "{\"encoded\":\"68656c6c6f20776f726c64\"}")),
                args -> {
                    Function<byte[], String> enc = encoder(args.string("scheme"));
                    return (v, ctx) -> enc.apply(Values.asBytes(v));
                });

        lib.addValueMethod(MethodSpec.of("decode", Category.ENCODING,
                        "Decodes an encoded string target according to a chosen scheme and returns the result as a byte array.")
                        .param(Param.string("scheme", "The decoding scheme to use."))
                        .example(Example.of("", "root.decoded = this.value.decode(\"hex\").string()", "{\"value\":\"68656c6c6f20776f726c64\"}", "{\"decoded\":\"hello world\"}")),
                args -> {
                    Function<byte[], byte[]> dec = decoder(args.string("scheme"));
                    return (v, ctx) -> {
                        try {
                            return dec.apply(Values.asBytes(v));
                        } catch (IllegalArgumentException e) {
                            throw new QueryException(e.getMessage());
                        }
                    };
                });

        lib.addValueMethod(MethodSpec.of("hash", Category.ENCODING,
                        "Hashes a string or byte array according to a chosen algorithm and returns the result as a byte array: sha1, sha256, sha512, md5, xxhash64, crc32, hmac_sha1, hmac_sha256, hmac_sha512.")
                        .param(Param.string("algorithm", "The hasing algorithm to use."))
                        .param(Param.string("key", "An optional key to use.").optional())
                        .param(Param.string("polynomial", "An optional polynomial key to use when selecting the crc32 algorithm, otherwise ignored. Options are IEEE (default), Castagnoli and Koopman").withDefault("IEEE"))
                        .example(Example.of("", "root.h1 = this.value.hash(\"sha1\").encode(\"hex\")", "{\"value\":\"hello world\"}", "{\"h1\":\"2aae6c35c94fcfb415dbe95f408b9ce91ee846ed\"}")),
                args -> {
                    Function<byte[], byte[]> h = hasher(args.string("algorithm"), args.has("key") ? args.string("key") : null, args.string("polynomial"));
                    return (v, ctx) -> h.apply(Values.asBytes(v));
                });
    }

    private static Function<byte[], String> encoder(String scheme) {
        return switch (scheme) {
            case "base64" -> b -> Base64.getEncoder().encodeToString(b);
            case "base64url" -> b -> Base64.getUrlEncoder().encodeToString(b);
            case "base64rawurl" -> b -> Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            case "hex" -> b -> HexFormat.of().formatHex(b);
            case "ascii85" -> Ascii85::encode;
            default -> throw new IllegalArgumentException("unrecognized encoding type: " + scheme);
        };
    }

    private static Function<byte[], byte[]> decoder(String scheme) {
        return switch (scheme) {
            case "base64" -> b -> Base64.getMimeDecoder().decode(b);
            case "base64url" -> b -> Base64.getUrlDecoder().decode(b);
            case "base64rawurl" -> b -> Base64.getUrlDecoder().decode(b);
            case "hex" -> b -> HexFormat.of().parseHex(new String(b, StandardCharsets.UTF_8));
            case "ascii85" -> b -> Ascii85.decode(new String(b, StandardCharsets.UTF_8));
            default -> throw new IllegalArgumentException("unrecognized encoding type: " + scheme);
        };
    }

    private static Function<byte[], byte[]> hasher(String algorithm, String key, String polynomial) {
        return switch (algorithm) {
            case "md5" -> digest("MD5");
            case "sha1" -> digest("SHA-1");
            case "sha256" -> digest("SHA-256");
            case "sha512" -> digest("SHA-512");
            case "hmac_sha1" -> hmac("HmacSHA1", key);
            case "hmac_sha256" -> hmac("HmacSHA256", key);
            case "hmac_sha512" -> hmac("HmacSHA512", key);
            case "xxhash64" -> b -> ByteBuffer.allocate(8).putLong(Checksums.xxhash64(b)).array();
            case "crc32" -> {
                int poly = Checksums.polynomial(polynomial);
                yield b -> ByteBuffer.allocate(4).putInt(Checksums.crc32(b, poly)).array();
            }
            default -> throw new IllegalArgumentException("unrecognized hash type: " + algorithm);
        };
    }

    private static Function<byte[], byte[]> digest(String name) {
        return b -> {
            try {
                return MessageDigest.getInstance(name).digest(b);
            } catch (GeneralSecurityException e) {
                throw new QueryException(e.getMessage());
            }
        };
    }

    private static Function<byte[], byte[]> hmac(String name, String key) {
        if (key == null) throw new IllegalArgumentException("hash algorithm requires a key argument");
        SecretKeySpec spec = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), name);
        return b -> {
            try {
                Mac mac = Mac.getInstance(name);
                mac.init(spec);
                return mac.doFinal(b);
            } catch (GeneralSecurityException e) {
                throw new QueryException(e.getMessage());
            }
        };
    }
}
