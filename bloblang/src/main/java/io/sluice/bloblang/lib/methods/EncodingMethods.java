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
                                "Encodes text or bytes as text in one of these schemes: `base64`; `base64url`, which uses `-` and "
                                        + "`_` instead of `+` and `/`; `base64rawurl`, the same without `=` padding; `hex`, in lower case; "
                                        + "`ascii85`.")
                        .param(Param.string("scheme", "The scheme, one of those above."))
                        .example(Example.of("The three kinds of base64.", "root.std = this.v.encode(\"base64\")\nroot.url = this.v.encode(\"base64url\")\nroot.raw = this.v.encode(\"base64rawurl\")",
                        "{\"v\":\"??>>\"}", "{\"std\":\"Pz8+Pg==\",\"url\":\"Pz8-Pg==\",\"raw\":\"Pz8-Pg\"}")),
                args -> {
                    Function<byte[], String> enc = encoder(args.string("scheme"));
                    return (v, ctx) -> enc.apply(Values.asBytes(v));
                });

        lib.addValueMethod(MethodSpec.of("decode", Category.ENCODING,
                                "Decodes text written in one of the schemes of `encode` and gives bytes. Add `.string()` when the "
                                        + "result is text; input that is not valid in the scheme is an error.")
                        .param(Param.string("scheme", "`base64`, `base64url`, `base64rawurl`, `hex` or `ascii85`."))
                        .example(Example.of("", "root.user = this.token.decode(\"base64\").string()",
                        "{\"token\":\"dXNlcjo0Mj8=\"}", "{\"user\":\"user:42?\"}")),
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
                                "Hashes text or bytes and gives the digest as bytes; add `.encode(\"hex\")` for the usual written "
                                        + "form. Algorithms: `md5`, `sha1`, `sha256`, `sha512`, `xxhash64`, `crc32`, and `hmac_sha1`, "
                                        + "`hmac_sha256`, `hmac_sha512`, which need a `key`.")
                        .param(Param.string("algorithm", "The algorithm, one of those above."))
                        .param(Param.string("key", "The secret of the `hmac_*` algorithms; the others ignore it.").optional())
                        .param(Param.string("polynomial", "The CRC-32 polynomial: `IEEE`, `Castagnoli` or `Koopman`; only `crc32` uses it.").withDefault("IEEE"))
                        .example(Example.of("", "root.digest = this.body.hash(\"sha256\").encode(\"hex\")",
                        "{\"body\":\"{\\\"order\\\":7}\"}", "{\"digest\":\"8bcbace4a85bfd655264d50663d1000092824d9421d416b685402a8a18ea32d3\"}"))
                        .example(Example.of("Sign a webhook body.", "root.signature = this.body.hash(\"hmac_sha256\", \"webhook-secret\").encode(\"hex\")",
                        "{\"body\":\"{\\\"order\\\":7}\"}", "{\"signature\":\"4c8b8aa19199c6060f378c572963d3af1ba00d5704ceb85fe72ca8212ca4d73f\"}"))
                        .example(Example.of("", "root.checksum = this.body.hash(algorithm: \"crc32\", polynomial: \"Castagnoli\").encode(\"hex\")",
                        "{\"body\":\"{\\\"order\\\":7}\"}", "{\"checksum\":\"7a48f2dd\"}")),
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
