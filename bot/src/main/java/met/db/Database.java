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

    private Database(HikariDataSource pool, Optional<EmbeddedPostgresServer> embedded) {
        this.pool = pool;
        this.failFast = new FailFast(pool, System::nanoTime);
        this.embedded = embedded;
        // jOOQ's execute logging checks its logger on every statement and logs nothing Met wants (it logs no SQL).
        this.dsl = DSL.using(failFast, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
    }

    /** Connects (starting the embedded server when configured so) and applies pending migrations. */
    public static Database open(Config.Database config, MeterRegistry registry) {
        Optional<EmbeddedPostgresServer> embedded = config.embedded()
                ? Optional.of(EmbeddedPostgresServer.start(config.dataDir(), 0))
                : Optional.empty();
        try {
            String url = config.jdbcUrl().orElseGet(() -> embedded.orElseThrow().jdbcUrl());
            HikariDataSource pool = pool(url, config.user(), config.password(), registry);
            migrate(pool);
            return new Database(pool, embedded);
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

    static HikariDataSource pool(String url, Optional<String> user, Optional<String> password, MeterRegistry registry) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("met");
        hc.setJdbcUrl(url);
        user.ifPresent(hc::setUsername);
        password.ifPresent(hc::setPassword);
        hc.setMaximumPoolSize(10);
        // Slack gives each request 3 s: waiting longer than 1 s for a connection cannot end in a useful answer.
        hc.setConnectionTimeout(1_000);
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

    public DSLContext dsl() {
        return dsl;
    }

    public DataSource dataSource() {
        return pool;
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
     * Is this failure the database being away or saturated (no connection within the pool's timeout, connection lost,
     * server shutting down), rather than a fault in a statement? Such failures are expected and answered as values.
     */
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
