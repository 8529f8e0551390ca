package io.sluice.console.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(5, Duration.ofSeconds(1), Duration.ofSeconds(10));

    @Test
    void delays_double_per_attempt_with_jitter_in_the_upper_half_and_stop_at_the_cap() {
        for (int i = 0; i < 200; i++) {
            assertThat(schedule.delayMillis(1)).isBetween(500L, 1_000L);
            assertThat(schedule.delayMillis(2)).isBetween(1_000L, 2_000L);
            assertThat(schedule.delayMillis(3)).isBetween(2_000L, 4_000L);
            assertThat(schedule.delayMillis(4)).isBetween(4_000L, 8_000L);
            assertThat(schedule.delayMillis(9)).isBetween(5_000L, 10_000L);
        }
    }

    @Test
    void the_jitter_spreads_retries() {
        long first = schedule.delayMillis(3);
        boolean differs = false;
        for (int i = 0; i < 50 && !differs; i++) {
            differs = schedule.delayMillis(3) != first;
        }
        assertThat(differs).isTrue();
    }

    @Test
    void a_delivery_is_exhausted_after_its_last_attempt() {
        assertThat(schedule.exhausted(4)).isFalse();
        assertThat(schedule.exhausted(5)).isTrue();
    }
}
