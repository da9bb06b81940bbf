package met.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import met.Config;
import met.testing.TestDatabase;
import met.testing.TestMet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests get their connections in the order they asked; one that waits too long is told Met is busy. */
class TurnsTest {
    private static HikariDataSource pool;

    @BeforeAll
    static void connect() {
        Config.Database db = TestDatabase.get().fresh();
        pool = Database.pool("turns-test", 1, 5_000, db.jdbcUrl().orElseThrow(), db.user(), db.password(), new SimpleMeterRegistry());
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void whoeverAskedFirstGetsTheNextConnection() throws Exception {
        Turns turns = new Turns(pool, 1, 5_000, () -> false);
        List<String> served = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> first, second;
        try (Connection held = turns.getConnection()) {
            first = CompletableFuture.runAsync(() -> use(turns, "first", served));
            TestMet.await(Duration.ofSeconds(5), () -> turns.waiting() == 1);
            second = CompletableFuture.runAsync(() -> use(turns, "second", served));
            TestMet.await(Duration.ofSeconds(5), () -> turns.waiting() == 2);
            assertThat(selectOne(held)).isEqualTo(1);
        }
        CompletableFuture.allOf(first, second).get();

        assertThat(served).containsExactly("first", "second");
    }

    @Test
    void aRequestThatWaitsTooLongIsBusyOrToldTheDatabaseIsAway() throws Exception {
        try (Connection held = new Turns(pool, 1, 200, () -> false).getConnection()) {
            Turns busy = new Turns(pool, 0, 200, () -> false);
            Turns away = new Turns(pool, 0, 200, () -> true);

            assertThatThrownBy(busy::getConnection).satisfies(e -> {
                assertThat(Database.isBusy(e)).isTrue();
                assertThat(Database.isUnavailable(e)).isTrue();
            });
            assertThatThrownBy(away::getConnection).satisfies(e -> {
                assertThat(Database.isBusy(e)).isFalse();
                assertThat(Database.isUnavailable(e)).isTrue();
            });
            assertThat(selectOne(held)).isEqualTo(1);
        }
    }

    @Test
    void closingAConnectionTwiceGivesBackOneTurn() throws Exception {
        Turns turns = new Turns(pool, 1, 200, () -> false);
        Connection connection = turns.getConnection();
        connection.close();
        connection.close();

        try (Connection again = turns.getConnection()) {
            assertThat(selectOne(again)).isEqualTo(1);
            assertThatThrownBy(turns::getConnection).satisfies(e -> assertThat(Database.isBusy(e)).isTrue());
        }
    }

    private static void use(Turns turns, String who, List<String> served) {
        try (Connection c = turns.getConnection()) {
            served.add(who);
            selectOne(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int selectOne(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
