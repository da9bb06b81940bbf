package met;

import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import io.javalin.Javalin;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
import met.capture.CaptureWriter;
import met.capture.DebriefForm;
import met.capture.DebriefFormBlocks;
import met.capture.FirstStatistics;
import met.contacts.ContactSearch;
import met.contacts.WhoCommand;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import met.http.OAuthEndpoint;
import met.install.OAuthWebApi;
import met.install.PostgresInstallationService;
import met.install.PostgresOAuthStateService;
import met.install.TokenCipher;
import met.install.Uninstalls;
import met.db.Database;
import met.digest.DigestActions;
import met.digest.DigestBlocks;
import met.digest.DigestCommand;
import met.digest.DigestDispatcher;
import met.digest.DigestSender;
import met.digest.DigestService;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.event.AppUninstalledEvent;
import com.slack.api.model.event.TokensRevokedEvent;
import met.followups.FollowUpActions;
import met.home.HomeBlocks;
import met.home.HomeTab;
import met.slack.AfterAckCalls;
import met.slack.HandledEvents;
import met.team.ColdCommand;
import met.team.TeamStats;
import met.followups.FollowUpBlocks;
import met.followups.FollowUpService;
import met.followups.FollowUpsCommand;
import met.followups.ReminderDispatcher;
import met.referrals.ReferralActions;
import met.referrals.ReferralBlocks;
import met.scheduling.DispatchJob;
import met.help.HelpCommand;
import met.privacy.Admins;
import met.privacy.ErasureActions;
import met.privacy.ErasureService;
import met.privacy.ExportCommand;
import met.privacy.ExportService;
import met.privacy.ForgetCommand;
import met.privacy.PrivacyBlocks;
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
    private final Optional<SocketModeApp> socketMode;
    private final DispatchJob dispatch;
    private final List<DispatchJob.Pass> passes;
    private final ReminderDispatcher reminders;
    private final DigestDispatcher digests;
    private final ExecutorService digestSections;
    private final CaptureWriter captureWriter;

    private Met(Database database, App bolt, Javalin http, Optional<SocketModeApp> socketMode, ExecutorService afterAck,
                DispatchJob dispatch, List<DispatchJob.Pass> passes, ReminderDispatcher reminders, DigestDispatcher digests,
                ExecutorService digestSections, CaptureWriter captureWriter) {
        this.socketMode = socketMode;
        this.database = database;
        this.bolt = bolt;
        this.http = http;
        this.afterAck = afterAck;
        this.dispatch = dispatch;
        this.passes = passes;
        this.reminders = reminders;
        this.digests = digests;
        this.digestSections = digestSections;
        this.captureWriter = captureWriter;
    }

    /** @param clock what the features take for now (days, time zones, due dates) */
    public static Met start(Config config, Clock clock) {
        PrometheusMeterRegistry metrics = metrics();
        // Starting PostgreSQL and loading Bolt and Jetty each take about a second: do them side by side.
        CompletableFuture<Database> opening = CompletableFuture.supplyAsync(() -> Database.open(config.database(), metrics));
        App bolt = SlackApp.create(config.slack());
        Database database = Futures.join(opening);
        // Slack waits 3 s for an ack: Web API calls that can wait (confirmations, view updates) run here after it.
        ExecutorService afterAck = Executors.newFixedThreadPool(4, daemonThreads("met-after-ack"));
        // A digest's sections run side by side here, bounded so that digests never take all the database's connections.
        ExecutorService digestSections = Executors.newFixedThreadPool(DigestService.SECTIONS_IN_PARALLEL, daemonThreads("met-digest-sections"));
        // Debriefs that arrive together are saved in one transaction, on the requests' connections; on a database
        // never analyzed, the first statistics are gathered once they matter rather than when autovacuum next looks.
        CaptureWriter captureWriter = new CaptureWriter(database.dsl(), CaptureWriter.WAIT_MILLIS, database::knownUnavailable,
                new FirstStatistics(database.background(), FirstStatistics.AFTER_DEBRIEFS));
        Gauge.builder("met.captures.waiting", captureWriter, CaptureWriter::waiting)
                .description("New debriefs (quick captures and forms) waiting for the capture writer").register(metrics);
        try {
            Optional<PostgresInstallationService> installations = config.slack().oauth().map(oauth ->
                    new PostgresInstallationService(database.dsl(), TokenCipher.fromSetting(oauth.encryptionKey()), clock));
            installations.ifPresent(store -> bolt.service(store).service(new PostgresOAuthStateService(database.dsl(), clock)));
            SlackApi slackApi = OAuthWebApi.of(bolt.config().getSlack(), config.slack(), installations, clock);
            // Digests and reminders: a post whose outcome is unknown is looked for before it is posted again.
            SlackApi deliveries = OAuthWebApi.of(SlackApp.withoutResends(bolt.config().getSlack()), config.slack(), installations, clock);
            Uninstalls uninstalls = new Uninstalls(database.dsl(), installations.map(store -> store), config.purgeAfter(), clock);
            bolt.event(AppUninstalledEvent.class, uninstalls::appUninstalled);
            bolt.event(TokensRevokedEvent.class, uninstalls::tokensRevoked);
            Workspaces workspaces = new Workspaces(database.dsl(), slackApi, clock);

            CaptureService captures = new CaptureService(database.dsl(), captureWriter);
            // Answers posted after the ack are tried again when Slack rate-limits them; past a backlog, dropped.
            AfterAckCalls answers = new AfterAckCalls(afterAck);
            Gauge.builder("met.answers.waiting", answers, AfterAckCalls::waiting)
                    .description("Answers after an ack (confirmations, view updates, the App Home) waiting to be sent").register(metrics);
            FunctionCounter.builder("met.answers.dropped", answers, AfterAckCalls::dropped)
                    .description("Answers after an ack dropped because " + AfterAckCalls.BACKLOG + " were already waiting").register(metrics);
            DebriefForm form = new DebriefForm(captures, workspaces, slackApi, answers);
            CaptureActions captureActions = new CaptureActions(captures, form, afterAck);
            CaptureCommand capture = new CaptureCommand(new CaptureParser(), captures, workspaces, form);
            bolt.viewSubmission(DebriefFormBlocks.CALLBACK_ID, form::submit);
            bolt.blockAction(DebriefFormBlocks.ADD_CONTACT_ACTION, form::addContact);
            bolt.blockAction(CaptureBlocks.EDIT_ACTION, captureActions::edit);
            bolt.blockAction(CaptureBlocks.DETAILS_ACTION, captureActions::edit);
            bolt.blockAction(CaptureBlocks.UNDO_ACTION, captureActions::undo);

            FollowUpService followUps = new FollowUpService(database.dsl(), captures, clock);
            TeamStats stats = new TeamStats(database.dsl());
            HomeTab home = new HomeTab(followUps, captures, stats, workspaces, form, new HandledEvents(database.dsl()), slackApi, answers);
            bolt.event(AppHomeOpenedEvent.class, home::opened);
            bolt.blockAction(HomeBlocks.LOG_DEBRIEF_ACTION, home::logDebrief);
            FollowUpActions followUpActions = new FollowUpActions(followUps, workspaces, new ResponseUrl(bolt.config().getSlack()),
                    home::publish, afterAck);
            FollowUpsCommand followUpsCommand = new FollowUpsCommand(followUps, workspaces);
            bolt.blockAction(FollowUpBlocks.DONE_ACTION, followUpActions::done);
            bolt.blockAction(FollowUpBlocks.SNOOZE_WEEK_ACTION, followUpActions::snoozeWeek);
            bolt.blockAction(FollowUpBlocks.SNOOZE_UNTIL_ACTION, followUpActions::snoozeUntil);
            bolt.blockAction(FollowUpBlocks.NOTE_ACTION, followUpActions::openNote);
            bolt.viewSubmission(FollowUpBlocks.NOTE_CALLBACK_ID, followUpActions::saveNote);
            ReminderDispatcher reminders = new ReminderDispatcher(database.background(), workspaces, deliveries, clock);

            ColdCommand cold = new ColdCommand(stats, workspaces);
            ReferralActions referrals = new ReferralActions(database.dsl(), stats, workspaces, slackApi, answers);
            bolt.blockAction(ReferralBlocks.MENU_ACTION, referrals::choose);
            bolt.viewSubmission(ReferralBlocks.FORM_CALLBACK_ID, referrals::save);

            Admins admins = new Admins(workspaces, config.admins());
            ExportCommand export = new ExportCommand(new ExportService(database.background()), admins, workspaces, slackApi, afterAck);
            // Files of an export a killed process never finished (they hold personal data); off the start-up's path.
            // Against the files' own times, which are the machine's, not the features' clock.
            afterAck.execute(() -> ExportService.deleteAbandoned(Path.of(System.getProperty("java.io.tmpdir")), Instant.now().minus(Duration.ofHours(1))));
            ErasureService erasures = new ErasureService(database.dsl());
            ForgetCommand forget = new ForgetCommand(erasures, admins, workspaces);
            ErasureActions erasureActions = new ErasureActions(erasures, admins, afterAck);
            bolt.blockAction(PrivacyBlocks.ERASE_ACTION, erasureActions::erase);
            bolt.blockAction(PrivacyBlocks.CANCEL_ACTION, erasureActions::cancel);

            // Posting digests is background work, on its own connections. `/met digest` answers within Slack's 3 s, so
            // it uses the requests' connections, whose wait is bounded for that.
            DigestService digestService = new DigestService(database.background(), new TeamStats(database.background()), digestSections);
            DigestDispatcher digests = new DigestDispatcher(database.background(), new DigestSender(database.background(), digestService, deliveries, clock),
                    workspaces, clock);
            DigestCommand digestCommand = new DigestCommand(new DigestService(database.dsl(), stats, digestSections), workspaces, slackApi, clock, afterAck);
            DigestActions digestActions = new DigestActions(form, followUps, workspaces, afterAck);
            bolt.blockAction(DigestBlocks.LOG_DEBRIEF_ACTION, digestActions::logDebrief);
            bolt.blockAction(DigestBlocks.FOLLOWUPS_ACTION, digestActions::followUps);

            WhoCommand who = new WhoCommand(new ContactSearch(database.dsl()));

            bolt.command(MetCommand.NAME, metCommand(capture::handle, Map.of(
                    "who", who::handle,
                    "followups", followUpsCommand::handle,
                    "cold", cold::handle,
                    "digest", digestCommand::digest,
                    "subscribe", digestCommand::subscribe,
                    "unsubscribe", digestCommand::unsubscribe,
                    "export", export::handle,
                    "forget", forget::handle)));

            // Signatures are checked against the real time, whatever clock the features are given (tests fix theirs).
            SlackSignatureVerifier verifier = new SlackSignatureVerifier(config.slack().signingSecret(), Clock.systemUTC());
            SlackEndpoint endpoint = new SlackEndpoint(bolt, verifier, metrics);
            Optional<SocketModeApp> socketMode = socketMode(config.slack(), bolt);
            Optional<OAuthEndpoint> oauth = installations.map(store -> new OAuthEndpoint(bolt));
            Javalin http = HttpServer.create(endpoint, oauth, () -> database.isReachable(READINESS_TIMEOUT), metrics)
                    .start(config.port());
            // The heap's limit, because without -Xmx the JVM takes a quarter of the machine (README Operations, Memory).
            log.info("Met is listening on port {} ({}; heap up to {} MB)", http.port(), config.database(), Runtime.getRuntime().maxMemory() >> 20);
            List<DispatchJob.Pass> passes = List.of(new DispatchJob.Pass("reminders", reminders::runOnce), new DispatchJob.Pass("purge", uninstalls::purge),
                    new DispatchJob.Pass("digests", digests::runOnce));
            DispatchJob dispatch = DispatchJob.start(database.backgroundDataSource(), config.dispatchInterval(), passes);
            return new Met(database, bolt, http, socketMode, afterAck, dispatch, passes, reminders, digests, digestSections, captureWriter);
        } catch (RuntimeException e) {
            captureWriter.close();
            afterAck.shutdownNow();
            digestSections.shutdownNow();
            database.close();
            throw e;
        }
    }

    /**
     * With SLACK_APP_TOKEN, Met also takes Slack's requests over a WebSocket it opens itself: no public URL needed,
     * the very same listeners answer. HTTP still serves health, readiness and metrics.
     */
    private static Optional<SocketModeApp> socketMode(Config.Slack config, App bolt) {
        if (config.appToken().isEmpty()) {
            return Optional.empty();
        }
        try {
            SocketModeApp socket = new SocketModeApp(config.appToken().get(), bolt, SocketModeClient.Backend.JavaWebSocket);
            socket.startAsync();
            log.info("connected to Slack over Socket Mode");
            return Optional.of(socket);
        } catch (Exception e) {
            throw new ConfigException("SLACK_APP_TOKEN", "could not open a Socket Mode connection: " + e.getMessage());
        }
    }

    /** {@code /met}: each verb to the feature that owns it ({@code features}); anything else is a capture. */
    private static MetCommand metCommand(Subcommand capture, Map<String, Subcommand> features) {
        HelpCommand help = new HelpCommand();
        Map<String, Subcommand> verbs = new HashMap<>(features);
        verbs.put("", capture);
        verbs.put("help", help::help);
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

    /** Runs every dispatch pass now, on this thread (tests move a clock and call this instead of waiting). */
    public void dispatchNow() {
        DispatchJob.runAll(passes);
    }

    /** The reminder pass, for tests and operators who want to run one now. */
    public ReminderDispatcher reminders() {
        return reminders;
    }

    /** The digest pass, for tests and operators who want to run one now. */
    public DigestDispatcher digests() {
        return digests;
    }

    /** Stops accepting, lets in-flight requests finish (up to 10 s), then stops Bolt and the database. */
    @Override
    public void close() {
        socketMode.ifPresent(socket -> {
            try {
                socket.close();
            } catch (Exception e) {
                log.warn("Socket Mode did not close cleanly: {}", e.toString());
            }
        });
        http.stop();
        captureWriter.close();
        dispatch.close();
        digests.close();
        digestSections.shutdown();
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
