package io.sluice.components.io;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronTest {
    private static final ZonedDateTime NOON = ZonedDateTime.of(2024, 3, 15, 12, 0, 0, 0, ZoneOffset.UTC); // a Friday

    @Test
    void fiveFieldsFireOnTheMinute() {
        assertThat(Cron.parse("*/15 * * * *").next(NOON)).isEqualTo(NOON.plusMinutes(15));
    }

    @Test
    void sixFieldsStartWithSeconds() {
        assertThat(Cron.parse("0,30 * * * * *").next(NOON)).isEqualTo(NOON.plusSeconds(30));
    }

    @Test
    void nextIsStrictlyAfterTheGivenTime() {
        assertThat(Cron.parse("0 12 * * *").next(NOON)).isEqualTo(NOON.plusDays(1));
    }

    @Test
    void namesOfMonthsAndDaysAreAccepted() {
        assertThat(Cron.parse("0 9 * JAN MON").next(NOON)).isEqualTo(ZonedDateTime.of(2025, 1, 6, 9, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void restrictedDayOfMonthAndDayOfWeekMatchEitherOne() {
        // the 20th, or any Sunday: Sunday the 17th comes first
        assertThat(Cron.parse("0 0 20 * SUN").next(NOON)).isEqualTo(ZonedDateTime.of(2024, 3, 17, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void descriptorsAndEveryAreSchedules() {
        assertThat(Cron.parse("@hourly").next(NOON)).isEqualTo(NOON.plusHours(1));
        assertThat(Cron.parse("@daily").next(NOON)).isEqualTo(NOON.plusHours(12));
        assertThat(Cron.parse("@every 90s").next(NOON)).isEqualTo(NOON.plusSeconds(90));
    }

    @Test
    void aTimeZonePrefixShiftsTheSchedule() {
        ZonedDateTime next = Cron.parse("TZ=Asia/Tokyo 0 0 * * *").next(NOON);
        assertThat(next.toInstant()).isEqualTo(ZonedDateTime.of(2024, 3, 15, 15, 0, 0, 0, ZoneOffset.UTC).toInstant());
    }

    @Test
    void malformedExpressionsAreRejected() {
        assertThatThrownBy(() -> Cron.parse("* * *")).hasMessageContaining("5 or 6 fields");
        assertThatThrownBy(() -> Cron.parse("61 * * * *")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Cron.parse("TZ=Mars/Olympus * * * * *")).hasMessageContaining("time zone");
    }
}
