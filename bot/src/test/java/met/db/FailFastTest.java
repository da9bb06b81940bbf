package met.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import met.Config;
import met.testing.TestMet;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Once the database is known to be gone, Met's queries fail at once instead of each waiting for the pool again. */
class FailFastTest {

    @Test
    void afterTheDatabaseStopsQueriesFailAtOnceUntilTheReadinessCheckSeesItBack(@TempDir Path dir) {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir, 0);
        int port = pg.port();
        Config.Database config = new Config.Database(Optional.of(pg.jdbcUrl()), Optional.empty(), Optional.empty(), dir);
        try (Database database = Database.open(config, new SimpleMeterRegistry())) {
            assertThat(database.dsl().selectOne().fetch()).hasSize(1);
            pg.close();

            // The ten connections the pool still holds fail on use, then it cannot connect; from then on it is not asked.
            List<String> failures = new ArrayList<>();
            Duration failedFastIn = null;
            for (int attempt = 0; attempt < 20 && failedFastIn == null; attempt++) {
                long started = System.nanoTime();
                try {
                    database.dsl().selectOne().fetch();
                    failures.add("answered");
                } catch (DataAccessException e) {
                    assertThat(Database.isUnavailable(e)).as(e.toString()).isTrue();
                    failures.add(messages(e));
                    if (messages(e).contains("not asked again")) {
                        failedFastIn = Duration.ofNanos(System.nanoTime() - started);
                    }
                }
            }
            assertThat(failedFastIn).as(failures.toString()).isNotNull().isLessThan(Duration.ofMillis(900));

            pg = EmbeddedPostgresServer.start(dir, port);
            TestMet.await(Duration.ofSeconds(10), () -> database.isReachable(Duration.ofSeconds(1)));
            assertThat(database.dsl().selectOne().fetch()).hasSize(1);
        } finally {
            pg.close();
        }
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
