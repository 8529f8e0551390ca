package io.sluice.components.io;

import io.sluice.components.io.support.CapturingOutput;
import io.sluice.components.io.support.CountingSource;
import io.sluice.components.io.support.TestKit;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.regex.Regex;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.sluice.testkit.TestKit.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class DropOnOutputTest {
    private static final ComponentLog LOG = new ComponentLog("test", "test", "", "");

    @Test
    void withErrorTrueAFailedWriteIsDroppedInsteadOfRejected() throws Exception {
        CapturingOutput child = new CapturingOutput().failFirst(1);
        DropOnOutput out = new DropOnOutput(child, true, List.of(), null, LOG);

        assertThatCode(() -> out.write(Batch.ofTexts("lost"))).as("dropped: acknowledged, not rejected").doesNotThrowAnyException();
        out.write(Batch.ofTexts("next"));

        assertThat(child.attempts()).as("tried once, not retried").isEqualTo(2);
        assertThat(child.texts()).as("the failed one never arrived, the next one did").containsExactly("next");
    }

    @Test
    void anErrorMatchingAPatternIsDropped() throws Exception {
        CapturingOutput child = new CapturingOutput().failFirst(1).failWith("status 404: not found");
        DropOnOutput out = new DropOnOutput(child, false, List.of(Regex.compile("40[0-9]")), null, LOG);

        assertThatCode(() -> out.write(Batch.ofTexts("lost"))).doesNotThrowAnyException();
        out.write(Batch.ofTexts("next"));

        assertThat(child.attempts()).isEqualTo(2);
        assertThat(child.texts()).containsExactly("next");
    }

    @Test
    void patternsAreWrittenInGoSyntax() throws Exception {
        CapturingOutput child = new CapturingOutput().failFirst(1).failWith("status 404: not found");
        DropOnOutput out = new DropOnOutput(child, false, List.of(Regex.compile("(?P<code>40[0-9]):")), null, LOG);

        assertThatCode(() -> out.write(Batch.ofTexts("lost"))).doesNotThrowAnyException();
        out.write(Batch.ofTexts("next"));

        assertThat(child.attempts()).isEqualTo(2);
        assertThat(child.texts()).containsExactly("next");
    }

    @Test
    void inAStreamADroppedMessageIsAcknowledgedAtTheInput() throws Exception {
        CountingSource source = new CountingSource(3);
        CapturingOutput child = new CapturingOutput().failWhen(b -> CapturingOutput.contains(b, "2"));
        new TestKit().input("numbers", source).output("child", child).run("""
                input:
                  numbers: {}
                output:
                  drop_on:
                    error: true
                    output:
                      child: {}
                """, Duration.ofSeconds(10));

        assertThat(child.texts()).containsExactly("1", "3");
        assertThat(source.acked()).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(source.nacked()).isEmpty();
    }

    @Test
    void anErrorMatchingNoPatternStillRejectsTheBatch() {
        CapturingOutput child = new CapturingOutput().failFirst(1).failWith("status 503");
        DropOnOutput out = new DropOnOutput(child, false, List.of(Regex.compile("40[0-9]")), null, LOG);

        assertThatThrownBy(() -> out.write(Batch.ofTexts("m"))).hasMessage("status 503");
    }

    @Test
    void successfulWritesPassThrough() throws Exception {
        CapturingOutput child = new CapturingOutput();
        DropOnOutput out = new DropOnOutput(child, true, List.of(), null, LOG);

        out.write(Batch.ofTexts("m"));

        assertThat(child.texts()).containsExactly("m");
    }

    @Test
    void aWriteBlockedLongerThanBackPressureIsDroppedAndLaterOnesAreDroppedAtOnceUntilTheOutputFrees() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        CapturingOutput child = new CapturingOutput() {
            @Override
            public void write(Batch batch) throws Exception {
                calls.incrementAndGet();
                if (CapturingOutput.contains(batch, "stuck")) release.await(); // held until the test lets it go
                super.write(batch);
            }
        };
        DropOnOutput out = new DropOnOutput(child, true, List.of(), Duration.ofMillis(50), LOG);

        // Both writes return while the child is still held: neither waits for it. (Waiting would hang
        // here, and the timeout below would fail the test.)
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            out.write(Batch.ofTexts("stuck"));
            out.write(Batch.ofTexts("dropped at once"));
        });
        assertThat(calls.get()).as("the second never reached the busy child").isEqualTo(1);

        release.countDown();
        await("the held write to finish", Duration.ofSeconds(10), () -> child.texts().contains("stuck"));
        out.write(Batch.ofTexts("after recovery"));

        assertThat(child.texts()).containsExactly("stuck", "after recovery");
    }

    @Test
    void backPressureWithErrorFalseRejectsTheBatch() {
        CapturingOutput child = new CapturingOutput().slow(Duration.ofMillis(300));
        DropOnOutput out = new DropOnOutput(child, false, List.of(), Duration.ofMillis(30), LOG);

        assertThatThrownBy(() -> out.write(Batch.ofTexts("m"))).hasMessageContaining("experienced back pressure beyond: 30ms");
    }

    @Test
    void errorPatternsBesideErrorTrueIsAConfigError() {
        assertThatThrownBy(() -> new TestKit().build("""
                input:
                  generate: { mapping: 'root = "x"' }
                output:
                  drop_on:
                    error: true
                    error_patterns: [ "foo" ]
                    output:
                      drop: {}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("ineffective");
    }

    @Test
    void anInvalidErrorPatternIsAConfigError() {
        assertThatThrownBy(() -> new TestKit().build("""
                input:
                  generate: { mapping: 'root = "x"' }
                output:
                  drop_on:
                    error_patterns: [ "(unclosed" ]
                    output:
                      drop: {}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("error_patterns.0");
    }
}
