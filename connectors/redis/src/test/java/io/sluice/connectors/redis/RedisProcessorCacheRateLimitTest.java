package io.sluice.connectors.redis;

import io.sluice.core.component.Cache;
import io.sluice.core.component.Processor;
import io.sluice.core.component.RateLimit;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.sluice.testkit.TestKit.build;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisProcessorCacheRateLimitTest extends RedisTestBase {

    static Part process(Processor p, String body) throws Exception {
        List<Batch> out = p.process(Batch.ofTexts(body));
        assertThat(out).hasSize(1);
        return out.get(0).get(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void processorRunsCommandsWithMappedArguments() throws Exception {
        String counter = key("counter"), set = key("set");
        Processor incr = (Processor) build(ComponentKind.PROCESSOR, "redis",
                "url: %s\ncommand: incrby\nargs_mapping: 'root = [ \"%s\", 5 ]'\n".formatted(URL, counter));
        Processor members = (Processor) build(ComponentKind.PROCESSOR, "redis",
                "url: %s\ncommand: smembers\nargs_mapping: 'root = [ \"%s\" ]'\n".formatted(URL, set));
        try {
            assertThat(process(incr, "{}").structured()).isEqualTo(5L);
            assertThat(process(incr, "{}").structured()).isEqualTo(10L);
            redis.sadd(set, "a", "b");
            assertThat((List<Object>) process(members, "{}").structured()).containsExactlyInAnyOrder("a", "b");
        } finally {
            incr.close();
            members.close();
        }
    }

    @Test
    void processorFlagsServerErrorsOnThePart() throws Exception {
        String str = key("str");
        redis.set(str, "not a number");
        Processor p = (Processor) build(ComponentKind.PROCESSOR, "redis",
                "url: %s\ncommand: incr\nargs_mapping: 'root = [ \"%s\" ]'\nretries: 0\n".formatted(URL, str));
        try {
            Part out = process(p, "{}");
            assertThat(out.hasError()).isTrue();
            assertThat(out.errorMessage()).contains("not an integer");
        } finally {
            p.close();
        }
    }

    @Test
    void deprecatedOperatorsStillWork() throws Exception {
        String set = key("set"), counter = key("counter");
        Processor sadd = (Processor) build(ComponentKind.PROCESSOR, "redis", "url: %s\noperator: sadd\nkey: %s\n".formatted(URL, set));
        Processor scard = (Processor) build(ComponentKind.PROCESSOR, "redis", "url: %s\noperator: scard\nkey: %s\n".formatted(URL, set));
        Processor incrby = (Processor) build(ComponentKind.PROCESSOR, "redis", "url: %s\noperator: incrby\nkey: %s\n".formatted(URL, counter));
        try {
            assertThat(process(sadd, "m1").text()).isEqualTo("1");
            assertThat(process(sadd, "m2").text()).isEqualTo("1");
            assertThat(process(scard, "ignored").text()).isEqualTo("2");
            assertThat(process(incrby, "7").text()).isEqualTo("7");
        } finally {
            sadd.close();
            scard.close();
            incrby.close();
        }
    }

    @Test
    void cacheSetGetAddDeleteWithPrefixAndTtl() throws Exception {
        String prefix = key("cache") + ":";
        Cache c = (Cache) build(ComponentKind.CACHE, "redis", "url: %s\nprefix: '%s'\ndefault_ttl: 2s\n".formatted(URL, prefix));
        try {
            c.set("a", "1".getBytes(StandardCharsets.UTF_8), null);
            assertThat(new String(c.get("a").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("1");
            assertThat(redis.get(prefix + "a")).isEqualTo("1");
            assertThat(redis.pttl(prefix + "a")).isBetween(1L, 2000L);
            assertThat(c.add("a", "2".getBytes(StandardCharsets.UTF_8), null)).isFalse();
            assertThat(c.add("b", "2".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30))).isTrue();
            assertThat(redis.pttl(prefix + "b")).isGreaterThan(2000L);
            c.delete("a");
            assertThat(c.get("a")).isEmpty();
            keys.add(prefix + "b");
        } finally {
            c.close();
        }
    }

    @Test
    void rateLimitIsSharedBetweenInstances() throws Exception {
        String k = key("rl");
        String yaml = "url: %s\ncount: 3\ninterval: 2s\nkey: %s\n".formatted(URL, k);
        RateLimit a = (RateLimit) build(ComponentKind.RATE_LIMIT, "redis", yaml);
        RateLimit b = (RateLimit) build(ComponentKind.RATE_LIMIT, "redis", yaml);
        try {
            assertThat(a.access()).isZero();
            assertThat(b.access()).isZero();
            assertThat(a.access()).isZero();
            Duration wait = b.access();
            assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void processorWithBothOrNeitherStyleIsRejected() {
        assertThatThrownBy(() -> build(ComponentKind.PROCESSOR, "redis", "url: %s\n".formatted(URL)))
                .hasMessageContaining("set exactly one of 'command' and the older 'operator'");
    }
}
