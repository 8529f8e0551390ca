package io.sluice.gateway.session;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AllowedUrlTest {

    @Test
    void aPatternIsAnchoredAtTheStartAndMayMatchAPrefix() {
        AllowedUrl url = new AllowedUrl("/orders/[0-9]+", List.of("GET"));
        assertThat(url.allows("/orders/12/items", "GET")).isTrue();
        assertThat(url.allows("/v1/orders/12", "GET")).isFalse();
        assertThat(url.allows("/orders/12", "DELETE")).isFalse();
    }

    @Test
    void patternsAreGoSyntaxAsTykWritesThem() {
        assertThat(new AllowedUrl("/users/(?P<id>[[:digit:]]+)$", List.of()).allows("/users/7", "PUT")).isTrue();
        assertThat(new AllowedUrl("/users/(?P<id>[[:digit:]]+)$", List.of()).allows("/users/7/keys", "PUT")).isFalse();
    }

    @Test
    void aPatternThatDoesNotCompileAllowsNothing() {
        assertThat(new AllowedUrl("/users/(", List.of()).allows("/users/(", "GET")).isFalse();
    }
}
