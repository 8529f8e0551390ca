package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.component.RateLimit;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitProcessorTest {

    /** Answers access requests from a script of waits (null means "fail"), then lets everything through. */
    private static final class ScriptedRateLimit implements RateLimit {
        final Deque<Duration> script = new ArrayDeque<>();
        int calls;

        ScriptedRateLimit(Duration... waits) {
            script.addAll(List.of(waits));
        }

        @Override
        public synchronized Duration access() throws Exception {
            calls++;
            if (script.isEmpty()) return Duration.ZERO;
            Duration next = script.poll();
            if (next.isNegative()) throw new IllegalStateException("rate limit unavailable");
            return next;
        }
    }

    @Test
    void eachMessageWaitsAsLongAsTheRateLimitSays() throws Exception {
        ScriptedRateLimit limit = new ScriptedRateLimit(Duration.ofMillis(40), Duration.ZERO, Duration.ofMillis(40));
        Processor p = new Harness().rateLimit("limit", limit).processor("rate_limit:\n  resource: limit");
        long start = System.nanoTime();
        List<Batch> out = run(p, Batch.ofTexts("a", "b"));
        assertThat(flatTexts(out)).containsExactly("a", "b");
        assertThat(limit.calls).isEqualTo(4);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(80);
    }

    @Test
    void aFailingRateLimitIsAskedAgainAfterASecond() throws Exception {
        ScriptedRateLimit limit = new ScriptedRateLimit(Duration.ofMillis(-1));
        Processor p = new Harness().rateLimit("limit", limit).processor("rate_limit:\n  resource: limit");
        long start = System.nanoTime();
        assertThat(flatTexts(run(p, Batch.ofTexts("a")))).containsExactly("a");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(RateLimitProcessor.RETRY_AFTER_ERROR.toMillis());
    }

    @Test
    void anUnknownRateLimitResourceIsAConfigError() {
        assertThatThrownBy(() -> new Harness().processor("rate_limit:\n  resource: nope"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rate limit resource 'nope' was not found");
    }
}
