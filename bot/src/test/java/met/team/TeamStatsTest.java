package met.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import met.capture.CaptureService;
import met.capture.Debrief;
import met.capture.EventKind;
import met.db.Database;
import met.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TeamStatsTest {
    private static final String TEAM = "TSTATS";
    private static Database database;
    private static CaptureService captures;
    private static TeamStats stats;

    @BeforeAll
    static void seed() {
        database = Database.open(TestDatabase.get().fresh(), new SimpleMeterRegistry());
        new met.workspace.WorkspaceRepository(database.dsl()).ensure(TEAM, null);
        new met.workspace.WorkspaceRepository(database.dsl()).ensure("TOTHER", null);
        captures = new CaptureService(database.dsl());
        stats = new TeamStats(database.dsl());
        // October: one event, one person. November: two events, three people (one of them met again), a referral.
        save("U1", "DevConf", LocalDate.of(2026, 10, 10), List.of("U2"), "Old Friend", List.of());
        save("U1", "Meetup", LocalDate.of(2026, 11, 3), List.of(), "Old Friend",
                List.of(new Debrief.ReferralEntry(Debrief.ReferralDirection.GIVEN, "Old Friend to Bo")));
        save("U2", "Chamber Lunch", LocalDate.of(2026, 11, 12), List.of("U3"), "New Person", List.of());
        save("U3", null, LocalDate.of(2026, 11, 20), List.of(), "Another New", List.of());
        captures.create("TOTHER", "U9", debrief("Elsewhere", LocalDate.of(2026, 11, 5), List.of(), "Not Ours", List.of()),
                CaptureService.Source.FORM, null);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static void save(String user, String event, LocalDate day, List<String> teammates, String person, List<Debrief.ReferralEntry> referrals) {
        captures.create(TEAM, user, debrief(event, day, teammates, person, referrals), CaptureService.Source.FORM, null);
    }

    private static Debrief debrief(String event, LocalDate day, List<String> teammates, String person, List<Debrief.ReferralEntry> referrals) {
        return new Debrief(event, day, EventKind.MEETUP, teammates,
                List.of(new Debrief.ContactEntry(person, "Co", null, null, null, null, null)), null, List.of(), referrals);
    }

    @Test
    void countsTheMonthsEventsPeopleAndNewContactsOfOneTeamOnly() {
        TeamNumbers november = stats.numbers(TEAM, Period.month(YearMonth.of(2026, 11)), LocalDate.of(2026, 12, 1));

        assertThat(november.events()).isEqualTo(2);
        assertThat(november.teammatesOut()).isEqualTo(3);
        assertThat(november.meetings()).isEqualTo(3);
        assertThat(november.newContacts()).isEqualTo(2); // Old Friend was first met in October
        assertThat(november.referralsGiven()).isEqualTo(1);
        assertThat(stats.numbers(TEAM, Period.month(YearMonth.of(2026, 10)), LocalDate.of(2026, 12, 1)).newContacts()).isEqualTo(1);
    }

    @Test
    void eventsPerTeammateCountAttendanceAsWellAsAuthorship() {
        var perTeammate = stats.eventsPerTeammate(TEAM, Period.month(YearMonth.of(2026, 11)));

        assertThat(perTeammate).containsEntry("U1", 1).containsEntry("U2", 1).containsEntry("U3", 1).doesNotContainKey("U9");
    }

    @Test
    void contactsUntouchedForNinetyDaysAreGoingColdOldestFirstWithWhoKnewThemLast() {
        TeamStats.Cold cold = stats.coldContacts(TEAM, LocalDate.of(2027, 2, 15), 10);

        assertThat(cold.afterDays()).isEqualTo(90);
        assertThat(cold.total()).isEqualTo(2); // touched 3 and 12 November; 20 November is 87 days ago
        assertThat(cold.oldest()).extracting(ColdContact::name).containsExactly("Old Friend", "New Person");
        assertThat(cold.oldest().get(0).lastTeammateId()).isEqualTo("U1");
        assertThat(ColdCommand.text(cold)).contains("90 days");
        assertThat(stats.coldContacts(TEAM, LocalDate.of(2026, 12, 1), 10).total()).isZero();
    }

    @Test
    void undoingTheDebriefWhereSomeoneWasFirstMetMakesTheirNextMeetingTheFirst() {
        new met.workspace.WorkspaceRepository(database.dsl()).ensure("TUNDO", null);
        long first = captures.create("TUNDO", "U1", debrief("Early", LocalDate.of(2026, 10, 2), List.of(), "Ulla Undo", List.of()),
                CaptureService.Source.FORM, null).debriefId();
        captures.create("TUNDO", "U2", debrief("Later", LocalDate.of(2026, 11, 9), List.of(), "Ulla Undo", List.of()), CaptureService.Source.FORM, null);
        assertThat(stats.numbers("TUNDO", Period.month(YearMonth.of(2026, 11)), LocalDate.of(2026, 12, 1)).newContacts()).isZero();

        captures.undo("TUNDO", "U1", first);

        assertThat(stats.numbers("TUNDO", Period.month(YearMonth.of(2026, 11)), LocalDate.of(2026, 12, 1)).newContacts()).isEqualTo(1);
        assertThat(stats.numbers("TUNDO", Period.month(YearMonth.of(2026, 10)), LocalDate.of(2026, 12, 1)).newContacts()).isZero();
    }

    @Test
    void weeksRunMondayToSundayAndPeriodsKnowTheirPredecessor() {
        Period week = Period.weekOf(LocalDate.of(2026, 11, 25));

        assertThat(week.start()).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(week.previous().start()).isEqualTo(LocalDate.of(2026, 11, 16));
        assertThat(Period.month(YearMonth.of(2026, 1)).previous().label()).isEqualTo("December 2025");
    }
}
