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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import met.capture.CaptureActions;
import met.capture.CaptureBlocks;
import met.capture.CaptureCommand;
import met.capture.CaptureParser;
import met.capture.CaptureService;
import met.capture.DebriefForm;
import met.capture.DebriefFormBlocks;
import met.contacts.ContactSearch;
import met.contacts.WhoCommand;
import java.util.List;
import met.db.Database;
import met.followups.FollowUpActions;
import met.followups.FollowUpBlocks;
import met.followups.FollowUpService;
import met.followups.FollowUpsCommand;
import met.followups.ReminderDispatcher;
import met.scheduling.DispatchJob;
import met.help.HelpCommand;
import met.http.HttpServer;
import met.http.SlackEndpoint;
import met.http.SlackSignatureVerifier;
import met.slack.MetCommand;
import met.slack.SlackApp;
import met.slack.ResponseUrl;
import met.slack.SlackApi;
import met.slack.Subcommand;
import met.workspace.Workspaces;
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
    private final ExecutorService afterAck;
    private final DispatchJob dispatch;
    private final ReminderDispatcher reminders;

    private Met(Database database, App bolt, Javalin http, ExecutorService afterAck, DispatchJob dispatch, ReminderDispatcher reminders) {
        this.database = database;
        this.bolt = bolt;
        this.http = http;
        this.afterAck = afterAck;
        this.dispatch = dispatch;
        this.reminders = reminders;
    }

    /** @param clock what the features take for now (days, time zones, due dates) */
    public static Met start(Config config, Clock clock) {
        PrometheusMeterRegistry metrics = metrics();
        // Starting PostgreSQL and loading Bolt and Jetty each take about a second: do them side by side.
        CompletableFuture<Database> opening = CompletableFuture.supplyAsync(() -> Database.open(config.database(), metrics));
        App bolt = SlackApp.create(config.slack());
        Database database = join(opening);
        // Slack waits 3 s for an ack: Web API calls that can wait (confirmations, view updates) run here after it.
        ExecutorService afterAck = Executors.newFixedThreadPool(4, daemonThreads("met-after-ack"));
        try {
            SlackApi slackApi = SlackApp.webApi(bolt, config.slack());
            Workspaces workspaces = new Workspaces(database.dsl(), slackApi, clock);

            CaptureService captures = new CaptureService(database.dsl());
            DebriefForm form = new DebriefForm(captures, workspaces, slackApi, afterAck);
            CaptureActions captureActions = new CaptureActions(captures, form, afterAck);
            CaptureCommand capture = new CaptureCommand(new CaptureParser(), captures, workspaces, form);
            bolt.viewSubmission(DebriefFormBlocks.CALLBACK_ID, form::submit);
            bolt.blockAction(DebriefFormBlocks.ADD_CONTACT_ACTION, form::addContact);
            bolt.blockAction(CaptureBlocks.EDIT_ACTION, captureActions::edit);
            bolt.blockAction(CaptureBlocks.DETAILS_ACTION, captureActions::edit);
            bolt.blockAction(CaptureBlocks.UNDO_ACTION, captureActions::undo);

            FollowUpService followUps = new FollowUpService(database.dsl(), captures, clock);
            FollowUpActions followUpActions = new FollowUpActions(followUps, workspaces, new ResponseUrl(bolt.config().getSlack()), afterAck);
            FollowUpsCommand followUpsCommand = new FollowUpsCommand(followUps, workspaces);
            bolt.blockAction(FollowUpBlocks.DONE_ACTION, followUpActions::done);
            bolt.blockAction(FollowUpBlocks.SNOOZE_WEEK_ACTION, followUpActions::snoozeWeek);
            bolt.blockAction(FollowUpBlocks.SNOOZE_UNTIL_ACTION, followUpActions::snoozeUntil);
            bolt.blockAction(FollowUpBlocks.NOTE_ACTION, followUpActions::openNote);
            bolt.viewSubmission(FollowUpBlocks.NOTE_CALLBACK_ID, followUpActions::saveNote);
            ReminderDispatcher reminders = new ReminderDispatcher(database.dsl(), workspaces, slackApi, clock);

            WhoCommand who = new WhoCommand(new ContactSearch(database.dsl()));

            bolt.command(MetCommand.NAME, metCommand(capture::handle, followUpsCommand::handle, who));

            // Signatures are checked against the real time, whatever clock the features are given (tests fix theirs).
            SlackSignatureVerifier verifier = new SlackSignatureVerifier(config.slack().signingSecret(), Clock.systemUTC());
            SlackEndpoint endpoint = new SlackEndpoint(bolt, verifier, metrics);
            Javalin http = HttpServer.create(endpoint, () -> database.isReachable(READINESS_TIMEOUT), metrics)
                    .start(config.port());
            log.info("Met is listening on port {} ({})", http.port(), config.database());
            DispatchJob dispatch = DispatchJob.start(database.dataSource(), config.dispatchInterval(),
                    List.of(new DispatchJob.Pass("reminders", reminders::runOnce)));
            return new Met(database, bolt, http, afterAck, dispatch, reminders);
        } catch (RuntimeException e) {
            afterAck.shutdownNow();
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

    /** {@code /met}: each verb to the feature that owns it; anything else is a capture. */
    private static MetCommand metCommand(Subcommand capture, Subcommand followUps, WhoCommand who) {
        HelpCommand help = new HelpCommand();
        Map<String, Subcommand> verbs = Map.of(
                "", capture,
                "help", help::help,
                "who", who::handle,
                "followups", followUps,
                "digest", help.notYet("digest"),
                "subscribe", help.notYet("subscribe"),
                "unsubscribe", help.notYet("unsubscribe"),
                "export", help.notYet("export"),
                "forget", help.notYet("forget"));
        return new MetCommand(verbs, help::unknown, capture);
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

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public int port() {
        return http.port();
    }

    public Database database() {
        return database;
    }

    /** The reminder pass, for tests and operators who want to run one now. */
    public ReminderDispatcher reminders() {
        return reminders;
    }

    /** Stops accepting, lets in-flight requests finish (up to 10 s), then stops Bolt and the database. */
    @Override
    public void close() {
        http.stop();
        dispatch.close();
        afterAck.shutdown();
        try {
            if (!afterAck.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("work after acks did not finish in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            bolt.stop();
        } catch (Exception e) {
            log.warn("Bolt did not stop cleanly", e);
        }
        database.close();
        log.info("Met stopped");
    }
}
