package io.sluice.bloblang.lib.methods;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import static io.sluice.bloblang.lib.methods.RegexMethodsTest.error;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.eval;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class EncodingMethodsCryptoTest {

    @TestFactory
    Stream<DynamicTest> documented() {
        return RegexMethodsTest.documentedExamples(EncodingMethodsCrypto.class);
    }

    private static final String KEYS = "let key = \"2b7e151628aed2a6abf7158809cf4f3c\".decode(\"hex\")\n"
            + "let iv = \"f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff\".decode(\"hex\")\n";

    @ParameterizedTest
    @ValueSource(strings = {"ctr", "ofb", "cbc", "gcm"})
    void aesRoundTrips(String scheme) throws Exception {
        String mapping = KEYS + "root = this.v.encrypt_aes(\"" + scheme + "\", $key, $iv).decrypt_aes(\"" + scheme + "\", $key, $iv).string()";
        assertThat(eval(mapping, Map.of("v", "sixteen byte msg"))).isEqualTo("sixteen byte msg");
    }

    @Test
    void aesCbcMatchesTheNistVector() throws Exception {
        // NIST SP 800-38A F.2.1, first block
        String mapping = "let key = \"2b7e151628aed2a6abf7158809cf4f3c\".decode(\"hex\")\n"
                + "let iv = \"000102030405060708090a0b0c0d0e0f\".decode(\"hex\")\n"
                + "root = this.v.decode(\"hex\").encrypt_aes(\"cbc\", $key, $iv).encode(\"hex\")";
        assertThat(eval(mapping, Map.of("v", "6bc1bee22e409f96e93d7e117393172a"))).isEqualTo("7649abac8119b246cee98e9b12e9197d");
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
