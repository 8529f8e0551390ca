package io.sluice.bloblang.lib.methods;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.sluice.bloblang.lib.methods.RegexMethodsTest.error;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.eval;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * AES held against published vectors (NIST SP 800-38A for CBC, OFB and CTR; McGrew and Viega's GCM
 * test cases), compression against data made by other tools. The documented examples of these
 * methods run in {@code DocumentedExamplesTest}.
 */
class EncodingMethodsCryptoTest {

    private static final String KEYS = "let key = \"2b7e151628aed2a6abf7158809cf4f3c\".decode(\"hex\")\n"
            + "let iv = \"f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff\".decode(\"hex\")\n";

    @ParameterizedTest
    @ValueSource(strings = {"ctr", "ofb", "cbc", "gcm"})
    void aesRoundTrips(String scheme) throws Exception {
        String mapping = KEYS + "root = this.v.encrypt_aes(\"" + scheme + "\", $key, $iv).decrypt_aes(\"" + scheme + "\", $key, $iv).string()";
        assertThat(eval(mapping, Map.of("v", "sixteen byte msg"))).isEqualTo("sixteen byte msg");
    }

    // ---- published test vectors ----------------------------------------------------------------

    /** NIST SP 800-38A, Appendix F: the four plaintext blocks every mode example encrypts. */
    private static final String SP800_38A_PLAINTEXT = "6bc1bee22e409f96e93d7e117393172a" + "ae2d8a571e03ac9c9eb76fac45af8e51"
            + "30c81c46a35ce411e5fbc1191a0a52ef" + "f69f2445df4f9b17ad2b417be66c3710";
    private static final String SP800_38A_KEY_128 = "2b7e151628aed2a6abf7158809cf4f3c";

    /** Encrypts hex {@code plaintext} with {@code scheme} and returns hex; and decrypts it back. */
    private static String encryptHex(String scheme, String key, String iv, String plaintext) throws Exception {
        return (String) eval("root = this.p.decode(\"hex\").encrypt_aes(\"" + scheme + "\", \"" + key + "\".decode(\"hex\"), \""
                + iv + "\".decode(\"hex\")).encode(\"hex\")", Map.of("p", plaintext));
    }

    private static String decryptHex(String scheme, String key, String iv, String ciphertext) throws Exception {
        return (String) eval("root = this.c.decode(\"hex\").decrypt_aes(\"" + scheme + "\", \"" + key + "\".decode(\"hex\"), \""
                + iv + "\".decode(\"hex\")).encode(\"hex\")", Map.of("c", ciphertext));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // F.2.1 CBC-AES128.Encrypt
            "F.2.1 CBC-AES128,cbc," + SP800_38A_KEY_128 + ",000102030405060708090a0b0c0d0e0f,"
                    + "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7",
            // F.4.1 OFB-AES128.Encrypt
            "F.4.1 OFB-AES128,ofb," + SP800_38A_KEY_128 + ",000102030405060708090a0b0c0d0e0f,"
                    + "3b3fd92eb72dad20333449f8e83cfb4a7789508d16918f03f53c52dac54ed8259740051e9c5fecf64344f7a82260edcc304c6528f659c77866a510d9c1d6ae5e",
            // F.5.1 CTR-AES128.Encrypt
            "F.5.1 CTR-AES128,ctr," + SP800_38A_KEY_128 + ",f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff,"
                    + "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee",
            // F.5.5 CTR-AES256.Encrypt
            "F.5.5 CTR-AES256,ctr,603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4,f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff,"
                    + "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6",
    })
    void aesModesMatchNistSp800_38A(String vector, String scheme, String key, String iv, String ciphertext) throws Exception {
        assertThat(encryptHex(scheme, key, iv, SP800_38A_PLAINTEXT)).as("%s encrypt", vector).isEqualTo(ciphertext);
        assertThat(decryptHex(scheme, key, iv, ciphertext)).as("%s decrypt", vector).isEqualTo(SP800_38A_PLAINTEXT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ctr", "ofb"})
    void streamModesEncryptAPartialLastBlockAsAPrefixOfTheVector(String scheme) throws Exception {
        // CTR and OFB make a key stream: 20 bytes of plaintext give the first 20 bytes of the vector's ciphertext.
        String iv = scheme.equals("ctr") ? "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff" : "000102030405060708090a0b0c0d0e0f";
        String full = scheme.equals("ctr")
                ? "874d6191b620e3261bef6864990db6ce9806f66b" : "3b3fd92eb72dad20333449f8e83cfb4a7789508d";
        assertThat(encryptHex(scheme, SP800_38A_KEY_128, iv, SP800_38A_PLAINTEXT.substring(0, 40))).isEqualTo(full);
    }

    @Test
    void aesGcmMatchesTheMcGrewViegaTestCases() throws Exception {
        // "The Galois/Counter Mode of Operation (GCM)", McGrew and Viega, test cases 2 and 3 (no additional
        // data): the output is the ciphertext followed by the 16 byte tag, as Go's Seal writes it.
        assertThat(encryptHex("gcm", "00000000000000000000000000000000", "000000000000000000000000", "00000000000000000000000000000000"))
                .isEqualTo("0388dace60b6a392f328c2b971b2fe78" + "ab6e47d42cec13bdf53a67b21257bddf");
        String key = "feffe9928665731c6d6a8f9467308308";
        String iv = "cafebabefacedbaddecaf888";
        String plaintext = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
        String sealed = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985" + "4d5c2af327cd64a62cf35abd2ba6fab4";
        assertThat(encryptHex("gcm", key, iv, plaintext)).isEqualTo(sealed);
        assertThat(decryptHex("gcm", key, iv, sealed)).isEqualTo(plaintext);
        String badTag = sealed.substring(0, sealed.length() - 2) + "00";
        assertThat(error("root = \"" + badTag + "\".decode(\"hex\").decrypt_aes(\"gcm\", \"" + key + "\".decode(\"hex\"), \"" + iv
                + "\".decode(\"hex\"))", "{}")).contains("cipher: message authentication failed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '§', value = {
            "this.v.encrypt_aes(\"cbc\", $key, $iv)§cbc is a block cipher: plaintext is not a multiple of the block size",
            "this.v.encrypt_aes(\"xts\", $key, $iv)§unrecognized encryption type: xts",
            "this.v.encrypt_aes(\"ctr\", \"short\", $iv)§crypto/aes: invalid key size 5",
            "this.v.encrypt_aes(\"ctr\", $key, \"short\")§the key must match the initialisation vector size",
            "this.v.decrypt_aes(\"gcm\", $key, $iv)§cipher: message authentication failed",
    })
    void aesErrors(String expr, String message) {
        String expected = message.startsWith("cbc is") ? "plaintext is not a multiple of the block size" : message;
        assertThat(error(KEYS + "root = " + expr, "{\"v\":\"not sixteen\"}")).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "pgzip", "zlib", "flate", "snappy", "lz4", "zstd"})
    void compressionRoundTrips(String alg) throws Exception {
        String big = "the quick brown fox jumps over the lazy dog ".repeat(200);
        for (String text : new String[]{"", "hi", big}) {
            Object out = eval("root = this.v.compress(\"" + alg + "\").decompress(\"" + alg + "\").string()", Map.of("v", text));
            assertThat(out).isEqualTo(text);
        }
        Object size = eval("root = this.v.compress(\"" + alg + "\").length()", Map.of("v", big));
        assertThat((Long) size).isLessThan(big.length() / 4);
    }

    @Test
    void shortInputsAreStoredLikeTheGoCompressor() throws Exception {
        // the size the original documents for an 89 byte text (lz4 block contents differ, see the module notes)
        String out = run("root.original_size = content().length()\nroot.gzip_size = content().compress(\"gzip\").length()",
                "The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog.");
        assertThat(out).isEqualTo("{\"gzip_size\":114,\"original_size\":89}");
    }

    @Test
    void gzipFromTheOriginalDecompresses() throws Exception {
        Object out = eval("root = this.v.decode(\"base64\").decompress(\"gzip\").string()",
                Map.of("v", "H4sIAN12MWkAA8tIzcnJVyjPL8pJUfBUyMkvS1UoLkhMTgUAQpDxbxgAAAA="));
        assertThat(out).isEqualTo("hello world I love space");
    }

    @Test
    void bzip2Decompresses() throws Exception {
        // "hello\n" compressed with bzip2 -9
        Object out = eval("root = this.v.decode(\"base64\").decompress(\"bzip2\").string()",
                Map.of("v", "QlpoOTFBWSZTWcHAgOIAAAFBAAAQAkSgADDNAMNGKZcXckU4UJDBwIDi"));
        assertThat(out).isEqualTo("hello\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '§', value = {
            "compress(\"brotli\")§compression type not recognised: brotli",
            "compress(\"bzip2\")§compression type not recognised: bzip2",
            "decompress(\"gzip\")§gzip: invalid header",
            "decompress(\"zlib\")§zlib: invalid header",
            "compress(\"gzip\", 12)§gzip: invalid compression level: 12",
    })
    void compressionErrors(String call, String message) {
        assertThat(error("root = this.v." + call, "{\"v\":\"not compressed\"}")).contains(message);
    }

    @Test
    void bytesAndStringsBothAccepted() throws Exception {
        Object a = eval("root = this.v.compress(\"snappy\")", Map.of("v", "abc"));
        Object b = eval("root = this.v.bytes().compress(\"snappy\")", Map.of("v", "abc"));
        assertThat((byte[]) a).isEqualTo((byte[]) b);
        assertThat(new String((byte[]) eval("root = this.v.compress(\"snappy\").decompress(\"snappy\")", Map.of("v", "abc")), StandardCharsets.UTF_8)).isEqualTo("abc");
    }
}
