package met.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import met.Config;
import met.db.Database;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One PostgreSQL per test run: the embedded one, or the server at TEST_DATABASE_URL (a jdbc:postgresql:// URL
 * whose user may create databases). Migrations are applied once to a template; {@link #fresh()} clones it into a
 * new database in a few milliseconds, so every test class that needs a clean schema gets one; after the class,
 * {@link DropTestDatabases} drops it again.
 */
public final class TestDatabase {
    private static final String TEMPLATE = "met_template";
    private static final AtomicInteger counter = new AtomicInteger();
    private static TestDatabase instance;

    private final String baseUrl; // jdbc:postgresql://host:port/
    private final Optional<String> user;
    private final Optional<String> password;
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    private TestDatabase(String baseUrl, Optional<String> user, Optional<String> password) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = start();
            instance.createTemplate();
        }
        return instance;
    }

    /** The test database if a test has started it: nothing to clean up otherwise. */
    static synchronized Optional<TestDatabase> ifStarted() {
        return Optional.ofNullable(instance);
    }

    /** A new, migrated, empty database. */
    public Config.Database fresh() {
        String name = "met_test_" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
        execute("postgres", "create database " + name + " template " + TEMPLATE);
        created.add(name);
        return new Config.Database(Optional.of(baseUrl + name), user, password, java.nio.file.Path.of("unused"));
    }

    /**
     * Drops every database {@link #fresh()} made so far, and with it its few hundred files. Left to the end, the
     * embedded server's directory held a full run's databases (tens of thousands of files), and deleting it in the
     * shutdown hook outlasted the 30 s Surefire gives a fork to exit: it killed the fork. FORCE ends the connections
     * of a Met a test forgot to close.
     */
    void dropAll() {
        for (String name : created) {
            created.remove(name);
            try {
                execute("postgres", "drop database if exists " + name + " with (force)");
            } catch (IllegalStateException e) { // left for the end of the run, as before
                System.err.println("could not drop test database " + name + ": " + e.getCause());
            }
        }
    }

    private static TestDatabase start() {
        String url = System.getenv("TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            Config.Database parsed = Config.Database.fromEnv(java.util.Map.of("DATABASE_URL", url));
            String jdbc = parsed.jdbcUrl().orElseThrow();
            return new TestDatabase(jdbc.substring(0, jdbc.lastIndexOf('/') + 1), parsed.user(), parsed.password());
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; zonky cleans its temporary directory on the next run
                }
            }));
            return new TestDatabase("jdbc:postgresql://localhost:" + pg.getPort() + "/", Optional.of("postgres"), Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void createTemplate() {
        execute("postgres", "drop database if exists " + TEMPLATE);
        execute("postgres", "create database " + TEMPLATE);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(baseUrl + TEMPLATE);
        user.ifPresent(ds::setUser);
        password.ifPresent(ds::setPassword);
        Database.migrate(ds);
    }

    private void execute(String database, String sql) {
        try (Connection c = DriverManager.getConnection(baseUrl + database, user.orElse(null), password.orElse(null));
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database: " + sql, e);
        }
    }
}
