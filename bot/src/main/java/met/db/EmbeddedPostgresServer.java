package met.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL 17 that runs inside Met when no DATABASE_URL is given. Its files persist in the data directory,
 * commits are durable, and it starts cleanly after the previous Met was killed with {@code kill -9}.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration STALE_SERVER_STOP_WAIT = Duration.ofSeconds(15);

    private final EmbeddedPostgres postgres;


    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts on {@code dataDir} (created when missing) on a free port, or on {@code port} when it is not 0. */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            stopOrphanedServer(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    // zonky tunes PostgreSQL for throwaway test data (-F, synchronous_commit off); Met's data is not.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    // PostgreSQL's own log (its errors, such as a deadlock; start-up and shutdown) in MET_DATA_DIR/log,
                    // one file per weekday, overwritten a week later. zonky only passes on what the server prints
                    // while starting: the JVM closes the pipe once pg_ctl exits, and the rest was lost. Errors come
                    // without their statement or details, which carry what users typed.
                    .setServerConfig("logging_collector", "on")
                    .setServerConfig("log_directory", "log")
                    .setServerConfig("log_filename", "postgresql-%a.log")
                    .setServerConfig("log_rotation_age", "1d")
                    .setServerConfig("log_rotation_size", "0")
                    .setServerConfig("log_truncate_on_rotation", "on")
                    .setServerConfig("log_error_verbosity", "terse")
                    .setServerConfig("log_min_error_statement", "panic")
                    .setServerConfig("log_checkpoints", "off");
            if (port != 0) {
                builder.setPort(port);
            }
            return new EmbeddedPostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * After a {@code kill -9} of Met, the postmaster it started keeps running and holds {@code postmaster.pid},
     * so a new one cannot start on the same directory. Its clients died with the old JVM, so asking it for a
     * fast shutdown (SIGINT) is safe and loses nothing committed.
     */
    private static void stopOrphanedServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> orphan = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0)).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return; // a stale pid file of a dead server: PostgreSQL itself handles that
        }
        ProcessHandle process = orphan.get();
        log.warn("stopping PostgreSQL left running by a previous Met (pid {}) in {}", process.pid(), dataDir);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
            process.onExit().get(STALE_SERVER_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("PostgreSQL left running by a previous Met (pid " + process.pid() + ") did not stop; stop it and start again", e);
        }
    }

    /**
     * The port of a PostgreSQL already running on {@code dataDir} (a serving Met's), read from its postmaster.pid,
     * so that a command line tool can use it instead of starting a second server there (which would stop it).
     */
    public static Optional<Integer> runningPort(Path dataDir) {
        try {
            Path pidFile = dataDir.resolve("postmaster.pid");
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile); // pid, data directory, start time, port, …
            boolean alive = !lines.isEmpty() && parsePid(lines.get(0)).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
            return alive && lines.size() > 3 ? parsePid(lines.get(3)).map(Long::intValue) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
