package met.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import met.team.Period;
import org.junit.jupiter.api.Test;

/** When a digest is due and which period it covers, in the zones on either side of the date line. */
class CadenceTest {
    private static final ZoneId APIA = ZoneId.of("Pacific/Apia");         // UTC+13 all year
    private static final ZoneId HONOLULU = ZoneId.of("Pacific/Honolulu"); // UTC−10 all year
    private static final Period OCTOBER = Period.month(YearMonth.of(2026, 10));
    private static final Period NOVEMBER = Period.month(YearMonth.of(2026, 11));

    @Test
    void inApiaNovembersDigestIsDueAt9OnTheFirstOfDecemberWhileItIsStill30NovemberInUtc() {
        Cadence.Due before = Cadence.MONTHLY.latestDue(APIA, Instant.parse("2026-11-30T19:59:00Z")); // 08:59 on 1 Dec in Apia
        Cadence.Due at = Cadence.MONTHLY.latestDue(APIA, Instant.parse("2026-11-30T20:00:00Z"));     // 09:00

        assertThat(before.covers()).isEqualTo(OCTOBER);
        assertThat(at.covers()).isEqualTo(NOVEMBER);
        assertThat(at.sendAt()).isEqualTo(Instant.parse("2026-11-30T20:00:00Z"));
    }

    @Test
    void inHonoluluNovembersDigestIsDueAt9OnTheFirstOfDecemberWhichIs19InUtc() {
        Cadence.Due apiaTime = Cadence.MONTHLY.latestDue(HONOLULU, Instant.parse("2026-11-30T20:00:00Z")); // 10:00 on 30 Nov in Honolulu
        Cadence.Due before = Cadence.MONTHLY.latestDue(HONOLULU, Instant.parse("2026-12-01T18:59:00Z"));
        Cadence.Due at = Cadence.MONTHLY.latestDue(HONOLULU, Instant.parse("2026-12-01T19:00:00Z"));

        assertThat(apiaTime.covers()).isEqualTo(OCTOBER);
        assertThat(before.covers()).isEqualTo(OCTOBER);
        assertThat(at.covers()).isEqualTo(NOVEMBER);
        assertThat(at.sendAt()).isEqualTo(Instant.parse("2026-12-01T19:00:00Z"));
    }

    @Test
    void aWeeklyDigestCoversMondayToSundayAndIsDueOnMondayAt9() {
        Cadence.Due due = Cadence.WEEKLY.latestDue(APIA, Instant.parse("2026-11-29T20:30:00Z")); // Monday 30 Nov, 09:30 in Apia

        assertThat(due.covers()).isEqualTo(Period.weekOf(LocalDate.of(2026, 11, 23)));
        assertThat(due.sendAt()).isEqualTo(Instant.parse("2026-11-29T20:00:00Z"));
    }

    @Test
    void aNewSubscriberIsToldTheFirstDigestStrictlyAfterNow() {
        Cadence.Due midMonth = Cadence.MONTHLY.firstAfter(HONOLULU, Instant.parse("2026-11-25T20:00:00Z"));
        Cadence.Due onTheDot = Cadence.MONTHLY.firstAfter(HONOLULU, Instant.parse("2026-12-01T19:00:00Z"));
        Cadence.Due earlyOnTheFirst = Cadence.MONTHLY.firstAfter(HONOLULU, Instant.parse("2026-12-01T18:00:00Z"));

        assertThat(midMonth.covers()).isEqualTo(NOVEMBER);
        assertThat(midMonth.sendAt()).isEqualTo(Instant.parse("2026-12-01T19:00:00Z"));
        assertThat(onTheDot.covers()).isEqualTo(Period.month(YearMonth.of(2026, 12)));
        assertThat(earlyOnTheFirst.covers()).isEqualTo(NOVEMBER);
    }

    @Test
    void periodsAreTypedAsAMonthOrAnIsoWeek() {
        assertThat(Periods.parse("2026-11")).contains(NOVEMBER);
        assertThat(Periods.parse("2026-W48")).contains(Period.weekOf(LocalDate.of(2026, 11, 23)));
        assertThat(Periods.parse("2026-w01").orElseThrow().start()).isEqualTo(LocalDate.of(2025, 12, 29)); // ISO week 1 starts in 2025
        assertThat(Periods.parse("2025-W53")).isEmpty(); // 2025 has 52 ISO weeks; 2026 (from a Thursday) has 53
        assertThat(Periods.parse("2026-W53")).isPresent();
        assertThat(Periods.parse("2020-W53")).isPresent();
        assertThat(Periods.parse("2026-13")).isEmpty();
        assertThat(Periods.parse("November")).isEmpty();
        assertThat(Periods.key(Period.weekOf(LocalDate.of(2026, 11, 25)))).isEqualTo("2026-W48");
        assertThat(Periods.key(NOVEMBER)).isEqualTo("2026-11");
    }
}
