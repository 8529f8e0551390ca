package io.sluice.core.spec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({"1s,1000", "500ms,500", "1m30s,90000", "1.5h,5400000", "0,0", "2h45m,9900000", "100us,0"})
    void parsesGoDurations(String text, long millis) {
        assertThat(Durations.parse(text).toMillis()).isEqualTo(millis);
    }

    @ParameterizedTest
    @CsvSource({"1000,1s", "500,500ms", "90000,1m30s", "0,0s"})
    void formatsLikeGo(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
