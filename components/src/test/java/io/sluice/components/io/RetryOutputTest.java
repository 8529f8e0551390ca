package io.sluice.components.io;

import io.sluice.components.io.support.CapturingOutput;
import io.sluice.components.io.support.TestKit;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.message.Batch;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class RetryOutputTest {
    private static final ComponentLog LOG = new ComponentLog("test", "test", "", "");

    private static RetryBackoff fast(int maxRetries, Duration maxElapsed) {
        return new RetryBackoff(Duration.ofMillis(5), Duration.ofMillis(20), maxElapsed, maxRetries);
    }

    @Test
    void aFailedWriteIsRetriedUntilItSucceeds() throws Exception {
        CapturingOutput child = new CapturingOutput().failFirst(3);

        new RetryOutput(child, fast(0, Duration.ZERO), LOG).write(Batch.ofTexts("m"));

        assertThat(child.texts()).containsExactly("m");
        assertThat(child.attempts()).isEqualTo(4);
    }

    @Test
    void maxRetriesGivesUpWithAnError() {
        CapturingOutput child = new CapturingOutput().failFirst(100).failWith("always down");

        assertThatThrownBy(() -> new RetryOutput(child, fast(2, Duration.ZERO), LOG).write(Batch.ofTexts("m")))
                .hasMessageContaining("message failed to reach a target destination").hasMessageContaining("always down");
        assertThat(child.attempts()).isEqualTo(3);
    }

    @Test
    void maxElapsedTimeGivesUpOnceItPassed() {
        CapturingOutput child = new CapturingOutput().failFirst(Integer.MAX_VALUE);
        long start = System.nanoTime();

        // It gives up (an endless retry would hit the bound), and not before max_elapsed_time.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
                () -> new RetryOutput(child, fast(0, Duration.ofMillis(100)), LOG).write(Batch.ofTexts("m")))
                .hasMessageContaining("failed to reach"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(child.attempts()).as("retried until then").isGreaterThan(1);
    }

    @Test
    void eachAttemptWritesAFreshCopyOfTheBatch() throws Exception {
        CapturingOutput mutatingOnce = new CapturingOutput() {
            private boolean failed;

            @Override
            public void write(Batch batch) throws Exception {
                if (!failed) {
                    failed = true;
                    batch.get(0).setText("mangled");
                    throw new Exception("first try fails");
                }
                super.write(batch);
            }
        };

        new RetryOutput(mutatingOnce, fast(0, Duration.ZERO), LOG).write(Batch.ofTexts("original"));

        assertThat(mutatingOnce.texts()).containsExactly("original");
    }

    @Test
    void backoffGrowsFromTheInitialIntervalUpToTheMaximum() {
        RetryBackoff.Attempts a = new RetryBackoff(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ZERO, 0).start();

        Duration first = a.next();
        a.next();
        a.next();
        Duration capped = a.next();

        assertThat(first).isBetween(Duration.ofMillis(50), Duration.ofMillis(151));
        assertThat(capped).isBetween(Duration.ofMillis(100), Duration.ofMillis(301));
    }

    @Test
    void theConfigTakesTheDialectsRetryFields() throws Exception {
        CapturingOutput child = new CapturingOutput().failFirst(2);
        new TestKit().output("flaky", child).run("""
                input:
                  generate:
                    count: 1
                    interval: ""
                    mapping: 'root = "m"'
                output:
                  retry:
                    max_retries: 5
                    backoff:
                      initial_interval: 10ms
                      max_interval: 20ms
                    output:
                      flaky: {}
                """, Duration.ofSeconds(5));

        assertThat(child.texts()).containsExactly("m");
        assertThat(child.attempts()).isEqualTo(3);
    }
}
