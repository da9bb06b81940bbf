package met.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import met.testing.TestMet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database `java -jar met.jar` runs when no DATABASE_URL is given. */
class EmbeddedPostgresServerTest {

    @Test
    void commitsAreDurableUnlikeInZonkysTestDefaults(@TempDir Path dir) throws SQLException {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir, 0)) {
            assertThat(show(pg, "fsync")).isEqualTo("on");
            assertThat(show(pg, "synchronous_commit")).isEqualTo("on");
            assertThat(show(pg, "server_version")).startsWith("17.");
        }
    }

    @Test
    void dataPersistsInTheDataDirectoryAcrossRestarts(@TempDir Path dir) throws SQLException {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir, 0)) {
            execute(pg, "create table kept (v text); insert into kept values ('still here')");
        }
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir, 0)) {
            assertThat(query(pg, "select v from kept")).isEqualTo("still here");
        }
    }

    @Test
    void postgresLogsItsErrorsInTheDataDirectoryWithoutWhatUsersTyped(@TempDir Path dir) throws SQLException {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir, 0)) {
            execute(pg, "create table person (name text unique); insert into person values ('Dana Secretname')");
            assertThatThrownBy(() -> execute(pg, "insert into person values ('Dana Secretname')")).isInstanceOf(SQLException.class);

            TestMet.await(Duration.ofSeconds(10), () -> log(dir).contains("ERROR:  duplicate key value violates unique constraint"));
            assertThat(log(dir)).doesNotContain("Secretname"); // neither the statement nor the key's detail
        }
    }

    /** Everything in MET_DATA_DIR/log. */
    private static String log(Path dataDir) {
        Path logs = dataDir.resolve("log");
        if (!Files.isDirectory(logs)) {
            return "";
        }
        try (Stream<Path> files = Files.list(logs)) {
            return files.map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.joining());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String show(EmbeddedPostgresServer pg, String setting) throws SQLException {
        return query(pg, "show " + setting);
    }

    private static String query(EmbeddedPostgresServer pg, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(EmbeddedPostgresServer pg, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
