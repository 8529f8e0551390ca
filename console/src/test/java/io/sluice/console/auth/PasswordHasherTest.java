package io.sluice.console.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {

    private static final String PASSWORD = "correct horse battery staple";
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashes_are_argon2id_in_the_phc_format_with_owasp_parameters_and_a_fresh_salt() {
        String first = hasher.hash(PASSWORD);
        String second = hasher.hash(PASSWORD);

        assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(first).isNotEqualTo(second);
        assertThat(hasher.verify(PASSWORD, first)).isTrue();
        assertThat(hasher.verify(PASSWORD, second)).isTrue();
        assertThat(hasher.verify("correct horse battery stapler", first)).isFalse();
    }

    @Test
    void hashes_made_by_the_reference_argon2_tool_verify() {
        // Made with Debian's `argon2` (the reference implementation's CLI):
        //   echo -n "correct horse battery staple" | argon2 "sluice-test-salt" -id -t 2 -k 19456 -p 1 -l 32 -e
        //   ... and with -m 15 (32 MiB)
        assertThat(hasher.verify(PASSWORD, "$argon2id$v=19$m=19456,t=2,p=1$c2x1aWNlLXRlc3Qtc2FsdA$YMxGc1mcmcReuiTEhqB8MXuApcnuVT5bu9aivGqrbMg")).isTrue();
        assertThat(hasher.verify(PASSWORD, "$argon2id$v=19$m=32768,t=2,p=1$c2x1aWNlLXRlc3Qtc2FsdA$DaEssw11zuO0hhGCMMKPCtI3twHzRjFsWLFgG/yIDm8")).isTrue();
        assertThat(hasher.verify("wrong", "$argon2id$v=19$m=19456,t=2,p=1$c2x1aWNlLXRlc3Qtc2FsdA$YMxGc1mcmcReuiTEhqB8MXuApcnuVT5bu9aivGqrbMg")).isFalse();
    }

    @Test
    void bcrypt_hashes_from_elsewhere_verify_too() {
        // Made with Python's crypt module (libxcrypt): crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=1024))
        String bcrypt = "$2b$10$uNphNZzFbNwmL5dcfkjWk.VhIQklyiclO1BoAXiQsqDqm6QPgb/Gq";
        assertThat(hasher.verify(PASSWORD, bcrypt)).isTrue();
        assertThat(hasher.verify("nope", bcrypt)).isFalse();
    }

    @Test
    void anything_else_never_verifies() {
        assertThat(hasher.verify(PASSWORD, null)).isFalse();
        assertThat(hasher.verify(PASSWORD, PASSWORD)).isFalse();
        assertThat(hasher.verify(PASSWORD, "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")).isFalse();
        assertThat(hasher.verify(PASSWORD, "$argon2id$v=19$m=x,t=2,p=1$c2FsdA$aGFzaA")).isFalse();
    }
}
