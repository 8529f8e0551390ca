package io.sluice.bloblang.lib.methods;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import io.sluice.bloblang.lib.Args;
import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.xerial.snappy.Snappy;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/** AES encryption ({@code encrypt_aes}, {@code decrypt_aes}) and compression ({@code compress}, {@code decompress}). */
public final class EncodingMethodsCrypto implements LibraryModule {

    @Override
    public void register(Library lib) {
        lib.addValueMethod(MethodSpec.of("encrypt_aes", Category.ENCODING,
                        "Encrypts text or bytes with AES and gives bytes. The key decides the strength: 16, 24 or 32 "
                                + "bytes for AES-128, -192 or -256. `ctr`, `ofb` and `cbc` need a 16-byte `iv`; `gcm` takes a "
                                + "nonce, usually 12 bytes, and appends a 16-byte tag that `decrypt_aes` checks. `cbc` adds no "
                                + "padding, so its input must be a multiple of 16 bytes. Never reuse an `iv` with the same key.")
                .param(Param.string("scheme", "`ctr`, `gcm`, `ofb` or `cbc`."))
                .param(Param.any("key", "The key, as text or bytes (e.g. from `.decode(\"hex\")`)."))
                .param(Param.any("iv", "The initialisation vector, or nonce for `gcm`, as text or bytes."))
                .example(Example.of("", "let key = \"sluice-demo-key!\"\nlet iv = \"0123456789abcdef\"\nroot.secret = this.card.encrypt_aes(\"ctr\", $key, $iv).encode(\"hex\")",
                        "{\"card\":\"4111111111111234\"}", "{\"secret\":\"b3e035682ac3587f2b6853299a0b21bb\"}")),
                args -> {
                    Aes aes = Aes.of(args, true);
                    return (v, ctx) -> aes.apply(bytes(v));
                });

        lib.addValueMethod(MethodSpec.of("decrypt_aes", Category.ENCODING,
                        "Decrypts bytes made by `encrypt_aes` with the same scheme, key and `iv`, and gives bytes; add "
                                + "`.string()` for text. With `gcm` a wrong key or altered data is an error rather than garbage.")
                .param(Param.string("scheme", "`ctr`, `gcm`, `ofb` or `cbc`."))
                .param(Param.any("key", "The key, as text or bytes."))
                .param(Param.any("iv", "The initialisation vector, or nonce for `gcm`, as text or bytes."))
                .example(Example.of("", "let key = \"sluice-demo-key!\"\nroot.card = this.secret.decode(\"hex\").decrypt_aes(\"gcm\", $key, \"nonce-12byte\").string()",
                        "{\"secret\":\"5499a7139baba8557551cd2335ad9a1f3b53ce51567f2ebeda331e3bc5ce47ff\"}", "{\"card\":\"4111111111111234\"}")),
                args -> {
                    Aes aes = Aes.of(args, false);
                    return (v, ctx) -> aes.apply(bytes(v));
                });

        lib.addValueMethod(MethodSpec.of("compress", Category.ENCODING,
                        "Compresses text or bytes and gives bytes. `flate`, `gzip`, `pgzip` and `zlib` store inputs under "
                                + "128 bytes uncompressed, so those grow by a few bytes; the level only matters to these four.")
                .param(Param.string("algorithm", "`flate`, `gzip`, `pgzip`, `lz4`, `snappy`, `zlib` or `zstd`."))
                .param(Param.int64("level", "From 0 (store) to 9 (smallest); -1 picks the usual balance and -2 Huffman coding only.").withDefault(-1L))
                .example(Example.of("", "root.shrunk = this.text.compress(\"zstd\").length() < this.text.length()",
                        "{\"text\":\"abababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababab\"}", "{\"shrunk\":true}"))
                .example(Example.of("Keep a compressed copy as text.", "root.blob = this.text.compress(\"zstd\").encode(\"base64\")",
                        "{\"text\":\"abababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababab\"}", "{\"blob\":\"KLUv/SDITQAAEGFiAQDDKIcF\"}").untested()),
                args -> {
                    String alg = args.string("algorithm");
                    int level = (int) args.int64("level");
                    Compression.check(alg, true);
                    return (v, ctx) -> Compression.compress(alg, level, Values.asBytes(v));
                });

        lib.addValueMethod(MethodSpec.of("decompress", Category.ENCODING,
                        "Decompresses bytes made by one of the algorithms of `compress`, or by `bzip2`, and gives bytes; "
                                + "add `.string()` or `.parse_json()` for what they hold.")
                .param(Param.string("algorithm", "`gzip`, `pgzip`, `zlib`, `bzip2`, `flate`, `snappy`, `lz4` or `zstd`."))
                .example(Example.of("A gzipped JSON payload carried as base64.", "root.reading = this.payload.decode(\"base64\").decompress(\"gzip\").parse_json()",
                        "{\"payload\":\"H4sIAAAAAAACA6tWKknNLVCyMjLUM9VRKs3LLFGyUnJWqgUA8AVKVRgAAAA=\"}", "{\"reading\":{\"temp\":21.5,\"unit\":\"C\"}}")),
                args -> {
                    String alg = args.string("algorithm");
                    Compression.check(alg, false);
                    return (v, ctx) -> Compression.decompress(alg, Values.asBytes(v));
                });
    }

    private static byte[] bytes(Object v) {
        if (v instanceof String s) return s.getBytes(StandardCharsets.UTF_8);
        if (v instanceof byte[] b) return b;
        throw Values.typeError(v, "string");
    }

    /** A string argument whose raw bytes matter (keys decoded from hex are not valid UTF-8). */
    private static byte[] rawArg(Args args, String name) {
        Object v = args.get(name);
        if (v instanceof byte[] b) return b;
        if (v instanceof String s) return s.getBytes(StandardCharsets.UTF_8);
        throw new IllegalArgumentException("field " + name + ": " + Values.typeError(v, "string").getMessage());
    }

    /** One AES scheme with its key and IV, prepared once. */
    private record Aes(String scheme, SecretKeySpec key, byte[] iv, boolean encrypt) {

        static Aes of(Args args, boolean encrypt) {
            String scheme = args.string("scheme");
            byte[] key = rawArg(args, "key");
            if (key.length != 16 && key.length != 24 && key.length != 32) {
                throw new IllegalArgumentException("crypto/aes: invalid key size " + key.length);
            }
            byte[] iv = rawArg(args, "iv");
            if (!scheme.equals("gcm") && iv.length != 16) throw new IllegalArgumentException("the key must match the initialisation vector size");
            switch (scheme) {
                case "ctr", "ofb", "cbc", "gcm" -> { }
                default -> throw new IllegalArgumentException("unrecognized " + (encrypt ? "encryption" : "decryption") + " type: " + scheme);
            }
            if (scheme.equals("gcm") && iv.length == 0) throw new IllegalArgumentException("cipher: the nonce can't have zero length");
            return new Aes(scheme, new SecretKeySpec(key, "AES"), iv.clone(), encrypt);
        }

        byte[] apply(byte[] data) {
            if (scheme.equals("cbc") && data.length % 16 != 0) {
                throw new QueryException(encrypt ? "plaintext is not a multiple of the block size" : "ciphertext is not a multiple of the block size");
            }
            try {
                Cipher c = Cipher.getInstance(switch (scheme) {
                    case "ctr" -> "AES/CTR/NoPadding";
                    case "ofb" -> "AES/OFB/NoPadding";
                    case "cbc" -> "AES/CBC/NoPadding";
                    default -> "AES/GCM/NoPadding";
                });
                int mode = encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
                if (scheme.equals("gcm")) c.init(mode, key, new GCMParameterSpec(128, iv));
                else c.init(mode, key, new IvParameterSpec(iv));
                return c.doFinal(data);
            } catch (AEADBadTagException e) {
                throw new QueryException("cipher: message authentication failed");
            } catch (GeneralSecurityException e) {
                throw new QueryException(e.getMessage());
            }
        }
    }

    /** The compression algorithms of the original, with its stream formats. */
    static final class Compression {
        private Compression() {
        }

        static void check(String alg, boolean compress) {
            switch (alg) {
                case "gzip", "pgzip", "zlib", "flate", "snappy", "lz4", "zstd" -> { }
                case "bzip2" -> {
                    if (compress) throw new IllegalArgumentException("compression type not recognised: " + alg);
                }
                default -> throw new IllegalArgumentException("compression type not recognised: " + alg);
            }
        }

        static byte[] compress(String alg, int level, byte[] data) {
            if (level < -2 || level > 9) {
                if (alg.equals("gzip") || alg.equals("pgzip") || alg.equals("zlib") || alg.equals("flate")) {
                    throw new QueryException((alg.equals("flate") ? "flate" : alg.equals("zlib") ? "zlib" : "gzip") + ": invalid compression level: " + level);
                }
            }
            return switch (alg) {
                case "gzip", "pgzip" -> gzip(level, data);
                case "zlib" -> zlib(level, data);
                case "flate" -> deflate(level, data);
                case "snappy" -> snappy(data);
                case "lz4" -> lz4(data);
                case "zstd" -> zstd(data);
                default -> throw new QueryException("compression type not recognised: " + alg);
            };
        }

        static byte[] decompress(String alg, byte[] data) {
            try {
                return switch (alg) {
                    case "gzip", "pgzip" -> gunzip(data);
                    case "zlib" -> unzlib(data);
                    case "flate" -> inflate(data, 0, data.length);
                    case "snappy" -> unsnappy(data);
                    case "lz4" -> readAll(new LZ4FrameInputStream(new ByteArrayInputStream(data)));
                    case "zstd" -> unzstd(data);
                    case "bzip2" -> readAll(new BZip2CompressorInputStream(new ByteArrayInputStream(data)));
                    default -> throw new QueryException("decompression type not recognised: " + alg);
                };
            } catch (IOException | RuntimeException e) {
                if (e instanceof QueryException q) throw q;
                throw new QueryException(alg + ": " + (e.getMessage() == null ? "invalid data" : e.getMessage().toLowerCase(Locale.ROOT)));
            }
        }

        /**
         * Raw DEFLATE. Tiny inputs are written as one stored block followed by an empty final block,
         * which is what the Go compressor the original uses emits for them (so short payloads compress
         * to the same bytes); larger inputs use the JDK's deflater.
         */
        static byte[] deflate(int level, byte[] data) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 16);
            if (data.length > 0 && data.length < 128 && level != 0) {
                out.write(0x00);
                out.write(data.length & 0xff);
                out.write(data.length >>> 8);
                out.write(~data.length & 0xff);
                out.write((~data.length >>> 8) & 0xff);
                out.writeBytes(data);
                out.write(0x03);
                out.write(0x00);
                return out.toByteArray();
            }
            Deflater d = new Deflater(level == -2 ? Deflater.DEFAULT_COMPRESSION : level, true);
            if (level == -2) d.setStrategy(Deflater.HUFFMAN_ONLY);
            try {
                d.setInput(data);
                d.finish();
                byte[] buf = new byte[8192];
                while (!d.finished()) {
                    int n = d.deflate(buf);
                    out.write(buf, 0, n);
                }
            } finally {
                d.end();
            }
            return out.toByteArray();
        }

        static byte[] gzip(int level, byte[] data) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 32);
            int xfl = level == 9 ? 2 : level == 1 ? 4 : 0;
            // MTIME holds uint32(zero time.Time.Unix()), which is what the Go writer the original uses stores
            out.writeBytes(new byte[]{0x1f, (byte) 0x8b, 8, 0, 0x00, 0x09, 0x6e, (byte) 0x88, (byte) xfl, (byte) 0xff});
            out.writeBytes(deflate(level, data));
            CRC32 crc = new CRC32();
            crc.update(data);
            writeIntLE(out, (int) crc.getValue());
            writeIntLE(out, data.length);
            return out.toByteArray();
        }

        static byte[] zlib(int level, byte[] data) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 16);
            int flg = switch (level) {
                case 0, 1 -> 0x01;
                case 2, 3, 4, 5 -> 0x5e;
                case -1, 6 -> 0x9c;
                default -> 0xda;
            };
            out.write(0x78);
            out.write(flg);
            out.writeBytes(deflate(level, data));
            Adler32 adler = new Adler32();
            adler.update(data);
            int a = (int) adler.getValue();
            out.write(a >>> 24);
            out.write(a >>> 16);
            out.write(a >>> 8);
            out.write(a);
            return out.toByteArray();
        }

        private static void writeIntLE(ByteArrayOutputStream out, int v) {
            out.write(v);
            out.write(v >>> 8);
            out.write(v >>> 16);
            out.write(v >>> 24);
        }

        static byte[] inflate(byte[] data, int off, int len) {
            Inflater inf = new Inflater(true);
            try {
                // zlib needs one extra byte after raw deflate data to detect its end
                byte[] in = Arrays.copyOfRange(data, off, off + len + 1);
                inf.setInput(in);
                ByteArrayOutputStream out = new ByteArrayOutputStream(len * 3 + 16);
                byte[] buf = new byte[8192];
                while (!inf.finished()) {
                    int n = inf.inflate(buf);
                    if (n == 0 && (inf.needsInput() || inf.needsDictionary())) throw new QueryException("unexpected EOF");
                    out.write(buf, 0, n);
                }
                return out.toByteArray();
            } catch (DataFormatException e) {
                throw new QueryException("flate: corrupt input: " + e.getMessage());
            } finally {
                inf.end();
            }
        }

        /** gzip, including several concatenated members. */
        static byte[] gunzip(byte[] data) throws IOException {
            if (data.length < 10 || (data[0] & 0xff) != 0x1f || (data[1] & 0xff) != 0x8b) throw new QueryException("gzip: invalid header");
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
                return in.readAllBytes();
            } catch (EOFException e) {
                throw new QueryException("unexpected EOF");
            } catch (ZipException e) {
                throw new QueryException("gzip: invalid checksum");
            }
        }

        static byte[] unzlib(byte[] data) {
            if (data.length < 2 || (data[0] & 0x0f) != 8 || ((data[0] & 0xff) << 8 | (data[1] & 0xff)) % 31 != 0) {
                throw new QueryException("zlib: invalid header");
            }
            if ((data[1] & 0x20) != 0) throw new QueryException("zlib: invalid dictionary");
            if (data.length < 6) throw new QueryException("unexpected EOF");
            byte[] out = inflate(data, 2, data.length - 2);
            Adler32 adler = new Adler32();
            adler.update(out);
            int expected = ((data[data.length - 4] & 0xff) << 24) | ((data[data.length - 3] & 0xff) << 16)
                    | ((data[data.length - 2] & 0xff) << 8) | (data[data.length - 1] & 0xff);
            if ((int) adler.getValue() != expected) throw new QueryException("zlib: invalid checksum");
            return out;
        }

        /** Snappy's block format, as Go's {@code snappy.Encode} writes it. */
        static byte[] snappy(byte[] data) {
            try {
                return Snappy.compress(data);
            } catch (IOException e) {
                throw new QueryException("snappy: " + e.getMessage());
            }
        }

        static byte[] unsnappy(byte[] data) {
            try {
                if (!Snappy.isValidCompressedBuffer(data)) throw new QueryException("snappy: corrupt input");
                return Snappy.uncompress(data);
            } catch (IOException e) {
                throw new QueryException("snappy: corrupt input");
            }
        }

        static byte[] lz4(byte[] data) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 32);
            try (LZ4FrameOutputStream lz = new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB,
                    LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM)) {
                lz.write(data);
            } catch (IOException e) {
                throw new QueryException("lz4: " + e.getMessage());
            }
            return out.toByteArray();
        }

        static byte[] zstd(byte[] data) {
            return Zstd.compress(data, Zstd.defaultCompressionLevel());
        }

        /** Reads the frames as a stream, so a frame that does not record its size decompresses too. */
        static byte[] unzstd(byte[] data) {
            try {
                return readAll(new ZstdInputStream(new ByteArrayInputStream(data)));
            } catch (IOException | RuntimeException e) {
                throw new QueryException("zstd: " + (e.getMessage() == null ? "invalid input" : e.getMessage()));
            }
        }

        private static byte[] readAll(InputStream in) throws IOException {
            try (in) {
                return in.readAllBytes();
            }
        }
    }
}
