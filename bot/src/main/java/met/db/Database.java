package met.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import met.Config;
import met.ConfigException;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool (and, without DATABASE_URL, the embedded server behind it), migrated and ready for jOOQ. */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final FailFast failFast;
    private final Optional<EmbeddedPostgresServer> embedded;
    private final DSLContext dsl;
    private final ExecutorService pinger = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "met-db-ping");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<CompletableFuture<Boolean>> pendingPing = new AtomicReference<>();

    /**
     * Slack's requests get few connections, about one per core. Met and PostgreSQL share the cores they run on:
     * more transactions at once only take turns on them, and the waiting made every request dearer. Under
     * bench/load on 2 cores, 10 connections gave 378 requests/s at 2.8 ms of Met's CPU each, 5 gave 542 at 1.8 ms,
     * 3 gave 600 at 1.2 ms. Requests beyond that wait in the pool, at most {@link #REQUEST_WAIT_MILLIS}.
     *
     * <p>Met puts no queue of its own in front of the pool. A first-come-first-served one (met.db.Turns) once took the
     * p99 from 118 to 72-83 ms, when every capture waited for a connection of its own; since new debriefs queue at the
     * capture writer instead, it only cost: in alternating bench/load runs (2026-11-26) Met served 938-1,077 requests/s
     * without it against 864-898 with it, p99 61-72 against 69-93 ms.
     */
    static final int REQUEST_CONNECTIONS = Math.max(3, Runtime.getRuntime().availableProcessors() + 1);
    /**
     * Reminders, digest posts and exports have connections of their own: a digest pass or a large export can never
     * take the connection a capture is waiting for. Whatever answers Slack within its 3 s stays on the requests' pool,
     * whose wait is bounded for that. Eight: four workspaces' digests and three of their sections at a
     * time (DigestDispatcher, DigestService), and the scheduler's own bookkeeping.
     */
    static final int BACKGROUND_CONNECTIONS = 8;
    /** Slack gives each request 3 s: waiting longer than 1 s for a connection cannot end in a useful answer. */
    public static final long REQUEST_WAIT_MILLIS = 1_000;

    private final HikariDataSource background;
    private final DSLContext backgroundDsl;

    private Database(HikariDataSource pool, HikariDataSource background, Optional<EmbeddedPostgresServer> embedded) {
        this.pool = pool;
        this.background = background;
        this.failFast = new FailFast(pool, System::nanoTime);
        this.embedded = embedded;
        // jOOQ's execute logging checks its logger on every statement and logs nothing Met wants (it logs no SQL).
        Settings settings = new Settings().withExecuteLogging(false);
        this.dsl = DSL.using(failFast, SQLDialect.POSTGRES, settings);
        this.backgroundDsl = DSL.using(background, SQLDialect.POSTGRES, settings);
    }

    /** Connects (starting the embedded server when configured so) and applies pending migrations. */
    public static Database open(Config.Database config, MeterRegistry registry) {
        Optional<EmbeddedPostgresServer> embedded = config.embedded()
                ? Optional.of(EmbeddedPostgresServer.start(config.dataDir(), 0))
                : Optional.empty();
        try {
            String url = config.jdbcUrl().orElseGet(() -> embedded.orElseThrow().jdbcUrl());
            HikariDataSource pool = pool("met", config.requestConnections().orElse(REQUEST_CONNECTIONS), REQUEST_WAIT_MILLIS, url, config.user(), config.password(), registry);
            try {
                migrate(pool);
                return new Database(pool, pool("met-background", BACKGROUND_CONNECTIONS, 10_000, url, config.user(), config.password(), registry), embedded);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
        } catch (RuntimeException e) {
            embedded.ifPresent(EmbeddedPostgresServer::close);
            throw e;
        }
    }

    /** Applies migrations/ (packaged as classpath:db/migration). Idempotent. */
    public static void migrate(DataSource dataSource) {
        var result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            log.info("applied {} migration(s); schema now at version {}", result.migrationsExecuted, result.targetSchemaVersion);
        }
    }

    /** @param waitMillis how long a caller waits for a connection when every one is in use */
    static HikariDataSource pool(String name, int size, long waitMillis, String url, Optional<String> user, Optional<String> password, MeterRegistry registry) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name);
        hc.setJdbcUrl(url);
        user.ifPresent(hc::setUsername);
        password.ifPresent(hc::setPassword);
        hc.setMaximumPoolSize(size);
        hc.setConnectionTimeout(waitMillis);
        hc.setValidationTimeout(500);
        hc.addDataSourceProperty("connectTimeout", "2");
        hc.addDataSourceProperty("socketTimeout", "30");
        hc.addDataSourceProperty("ApplicationName", "met");
        hc.setMetricRegistry(registry);
        try {
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new ConfigException("DATABASE_URL", "could not connect: " + rootMessage(e));
        }
    }

    /** The connections of Slack's requests (and of the capture writer), failing fast while the database is away. */
    public DSLContext dsl() {
        return dsl;
    }

    /** The connections of Slack's requests. */
    public DataSource dataSource() {
        return pool;
    }

    /** Whether the database was found away and has not been seen back since. */
    public boolean knownUnavailable() {
        return failFast.tripped();
    }

    public int requestConnections() {
        return pool.getMaximumPoolSize();
    }

    /** For scheduled work and heavy reads: its own connections (see {@link #BACKGROUND_CONNECTIONS}). */
    public DSLContext background() {
        return backgroundDsl;
    }

    public DataSource backgroundDataSource() {
        return background;
    }

    /**
     * Does the database answer within {@code timeout}? At most one check runs at a time, so a database that hangs
     * cannot pile up threads however often /readyz is asked.
     */
    public boolean isReachable(Duration timeout) {
        CompletableFuture<Boolean> ping = pendingPing.updateAndGet(current ->
                current != null && !current.isDone() ? current : CompletableFuture.supplyAsync(this::ping, pinger));
        try {
            return ping.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private boolean ping() {
        try (Connection c = pool.getConnection()) {
            boolean valid = c.isValid(1);
            if (valid) {
                failFast.reachable();
            }
            return valid;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * The failure of a debrief that waited its longest for the capture writer: "database unavailable" when the
     * database is known to be away, otherwise a wait that {@link #isBusy} recognises, as the pool's own timeout is.
     */
    public static SQLTransientConnectionException waitedTooLong(boolean databaseAway, String whatWasBusy) {
        return databaseAway
                ? new SQLTransientConnectionException("database unavailable", "08006", new SQLException("database unavailable", "08006"))
                : new SQLTransientConnectionException(whatWasBusy);
    }

    /**
     * Whether every pooled connection stayed in use for the pool's whole timeout: the database is there, Met is
     * overloaded. The pool's timeout carries the last connection failure as its cause when the database is away.
     */
    public static boolean isBusy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException && t.getCause() == null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Is this failure the database being away or saturated (no connection within the pool's timeout, connection lost,
     * server shutting down), rather than a fault in a statement? Such failures are expected and answered as values.
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            String state = t instanceof SQLException sql ? sql.getSQLState() : null;
            // 08: connection exception; 57P01-03: admin shutdown, crash shutdown, cannot connect now; 53300: too many connections
            if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        pinger.shutdownNow();
        background.close();
        pool.close();
        embedded.ifPresent(EmbeddedPostgresServer::close);
    }

    /** The innermost cause's message: the driver's or the pool's words, without any SQL. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
