package met.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import met.db.Database;
import met.testing.TestDatabase;
import met.workspace.WorkspaceRepository;
import org.junit.jupiter.api.Test;

/**
 * A database PostgreSQL has never analyzed gets its statistics once the capture writer has saved enough debriefs, once;
 * one that has statistics is left to autovacuum. Each test has a fresh database, which has no statistics yet.
 */
class FirstStatisticsTest {
    private static final String TEAM = "T0STATS";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);

    @Test
    void aDatabaseNeverAnalyzedIsAnalyzedOnceEnoughDebriefsAreSaved() throws Exception {
        try (Database database = Database.open(TestDatabase.get().fresh(), new SimpleMeterRegistry())) {
            new WorkspaceRepository(database.dsl()).ensure(TEAM, null);
            FirstStatistics statistics = new FirstStatistics(database.background(), 3);
            try (CaptureWriter writer = new CaptureWriter(database.dsl(), 10_000, () -> false, statistics)) {
                writer.write(quick("Ann One"));
                writer.write(quick("Ben Two"));
                assertThat(statistics.analyzed()).isNotDone();
                assertThat(analyses(database, "contact")).isZero();

                writer.write(quick("Cy Three"));
                assertThat(statistics.analyzed().get(30, TimeUnit.SECONDS)).isTrue();
                assertThat(analyses(database, "contact")).isEqualTo(1);
                assertThat(analyses(database, "meeting")).isEqualTo(1);

                writer.write(quick("Di Four")); // past the threshold: not again
                writer.write(quick("Ed Five"));
            }
            assertThat(analyses(database, "contact")).isEqualTo(1);
        }
    }

    @Test
    void aDatabaseWithStatisticsIsLeftToAutovacuum() throws Exception {
        try (Database database = Database.open(TestDatabase.get().fresh(), new SimpleMeterRegistry())) {
            new WorkspaceRepository(database.dsl()).ensure(TEAM, null);
            database.dsl().execute("analyze contact");
            FirstStatistics statistics = new FirstStatistics(database.background(), 1);
            try (CaptureWriter writer = new CaptureWriter(database.dsl(), 10_000, () -> false, statistics)) {
                writer.write(quick("Fay Six"));
                assertThat(statistics.analyzed().get(30, TimeUnit.SECONDS)).isFalse();
            }
            assertThat(analyses(database, "contact")).isEqualTo(1);
            assertThat(analyses(database, "meeting")).isZero();
        }
    }

    /** How many times ANALYZE (not autovacuum) ran on the table: written to PostgreSQL's statistics as it ends. */
    private static long analyses(Database database, String table) {
        return ((Number) database.dsl().fetchValue("select analyze_count from pg_stat_user_tables where relname = ?", table)).longValue();
    }

    private static CaptureRepository.QuickCapture quick(String name) {
        return new CaptureRepository.QuickCapture(TEAM, "UW", "quick", name + ", Statco", "Statconf", EventKind.OTHER, DAY,
                new Debrief.ContactEntry(name, "Statco", null, null, null, null, null), 3);
    }
}
