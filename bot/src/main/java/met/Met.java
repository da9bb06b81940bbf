package met;

import com.slack.api.bolt.App;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import met.db.Database;
import met.help.HelpCommand;
import met.http.HttpServer;
import met.http.SlackEndpoint;
import met.http.SlackSignatureVerifier;
import met.slack.MetCommand;
import met.slack.SlackApp;
import met.slack.Subcommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place Met is wired: config → database → features → Bolt app → Javalin. {@code Main} and the tests
 * both start Met through {@link #start}, so the tests run the production wiring.
 */
public final class Met implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Met.class);
    /** /readyz answers within 2 s even when the database hangs. */
    private static final Duration READINESS_TIMEOUT = Duration.ofMillis(1500);

    private final Database database;
    private final App bolt;
    private final Javalin http;

    private Met(Database database, App bolt, Javalin http) {
        this.database = database;
        this.bolt = bolt;
        this.http = http;
    }

    public static Met start(Config config, Clock clock) {
        PrometheusMeterRegistry metrics = metrics();
        // Starting PostgreSQL and loading Bolt and Jetty each take about a second: do them side by side.
        CompletableFuture<Database> opening = CompletableFuture.supplyAsync(() -> Database.open(config.database(), metrics));
        App bolt = SlackApp.create(config.slack());
        Database database = join(opening);
        try {
            bolt.command(MetCommand.NAME, metCommand());

            SlackEndpoint endpoint = new SlackEndpoint(bolt, new SlackSignatureVerifier(config.slack().signingSecret(), clock), metrics);
            Javalin http = HttpServer.create(endpoint, () -> database.isReachable(READINESS_TIMEOUT), metrics)
                    .start(config.port());
            log.info("Met is listening on port {} ({})", http.port(), config.database());
            return new Met(database, bolt, http);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static MetCommand metCommand() {
        HelpCommand help = new HelpCommand();
        Map<String, Subcommand> verbs = Map.of(
                "", help::help,
                "help", help::help,
                "who", help.notYet("who"),
                "followups", help.notYet("followups"),
                "digest", help.notYet("digest"),
                "subscribe", help.notYet("subscribe"),
                "unsubscribe", help.notYet("unsubscribe"),
                "export", help.notYet("export"),
                "forget", help.notYet("forget"));
        return new MetCommand(verbs, help::unknown);
    }

    private static PrometheusMeterRegistry metrics() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    public int port() {
        return http.port();
    }

    public Database database() {
        return database;
    }

    /** Stops accepting, lets in-flight requests finish (up to 10 s), then stops Bolt and the database. */
    @Override
    public void close() {
        http.stop();
        try {
            bolt.stop();
        } catch (Exception e) {
            log.warn("Bolt did not stop cleanly", e);
        }
        database.close();
        log.info("Met stopped");
    }
}
