package met.digest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import met.Config;
import met.ConfigException;
import met.db.Database;
import met.db.EmbeddedPostgresServer;
import met.install.OAuthWebApi;
import met.install.PostgresInstallationService;
import met.install.TokenCipher;
import met.slack.SlackApi;
import met.slack.SlackApp;
import met.team.Period;
import met.team.TeamStats;
import met.workspace.Workspaces;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code met digest preview} and {@code met digest send}: a team's digest on the terminal, or posted to a channel
 * now. Sending goes through the same claim as the dispatcher, so a second send of the same period to the same
 * channel posts nothing and says so. The environment is passed in (Main passes the process's), so tests run these
 * commands in-process.
 */
@Command(name = "digest", mixinStandardHelpOptions = true,
        description = "Preview a team's networking digest, or post it to a channel now.",
        subcommands = {DigestCli.Preview.class, DigestCli.Send.class})
public final class DigestCli implements Callable<Integer> {
    static final int FAILED = 1;
    static final int CONFIG_ERROR = 2;

    private final Map<String, String> env;
    private final Clock clock;
    @Spec
    CommandSpec spec;

    public DigestCli(Map<String, String> env, Clock clock) {
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CONFIG_ERROR;
    }

    /** Options both commands share. */
    static class TeamAndPeriod {
        @ParentCommand
        DigestCli cli;
        @Spec
        CommandSpec spec;
        @Option(names = "--team", required = true, paramLabel = "T…", description = "the Slack team (workspace) id")
        String team;
        @Option(names = "--period", paramLabel = "2026-11|2026-W48",
                description = "a month (2026-11) or an ISO week (2026-W48); default: the current month")
        String period;

        /** The period asked for, checked before anything is opened; empty for the default. */
        Optional<Period> period() {
            if (period == null) {
                return Optional.empty();
            }
            return Optional.of(Periods.parse(period).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                    "--period: expected a month such as 2026-11 or an ISO week such as 2026-W48, got \"" + period + "\"")));
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        /** The workspace, or a message that says it is unknown. */
        Optional<DigestRepository.Workspace> workspace(DigestService digests) {
            Optional<DigestRepository.Workspace> workspace = digests.workspace(team);
            if (workspace.isEmpty()) {
                err().println("met: --team " + team + ": no such workspace in this database (Met learns a team at its first /met)");
            }
            return workspace;
        }

        /**
         * With the embedded database, a serving Met already runs PostgreSQL in MET_DATA_DIR: use that one rather than
         * start a second server on the same files, which would stop the first.
         */
        Database open(Config.Database config) {
            if (config.embedded()) {
                Optional<Integer> port = EmbeddedPostgresServer.runningPort(config.dataDir());
                if (port.isPresent()) {
                    config = new Config.Database(Optional.of("jdbc:postgresql://localhost:" + port.get() + "/postgres?user=postgres"),
                            Optional.empty(), Optional.empty(), config.dataDir());
                }
            }
            return Database.open(config, new SimpleMeterRegistry());
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = {"Print a team's digest as plain text.",
                    "Needs only the database: DATABASE_URL, or MET_DATA_DIR for the embedded one (default ./data)."})
    static final class Preview extends TeamAndPeriod implements Callable<Integer> {
        @Override
        public Integer call() {
            Optional<Period> asked = period();
            Config.Database config;
            try {
                config = Config.Database.fromEnv(cli.env);
            } catch (ConfigException e) {
                err().println("met: " + e.getMessage());
                return CONFIG_ERROR;
            }
            try (Database database = open(config)) {
                DigestService digests = new DigestService(database.dsl(), new TeamStats(database.dsl()));
                Optional<DigestRepository.Workspace> workspace = workspace(digests);
                if (workspace.isEmpty()) {
                    return FAILED;
                }
                LocalDate today = LocalDate.now(cli.clock.withZone(zone(workspace.get().timeZone())));
                out().print(DigestBlocks.terminalText(digests.build(team, asked.orElse(Period.monthOf(today)), today)));
                out().flush();
                return 0;
            }
        }
    }

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = {"Post a team's digest to a channel now, with its chart in the thread.",
                    "Idempotent: a digest already posted for this period in this channel is not posted again.",
                    "Needs the Slack credentials of the chosen mode (SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN, or the OAuth ones)",
                    "and the database."})
    static final class Send extends TeamAndPeriod implements Callable<Integer> {
        @Option(names = "--channel", required = true, paramLabel = "C…", description = "the channel id to post to")
        String channel;

        @Override
        public Integer call() {
            Optional<Period> asked = period();
            Config config;
            try {
                config = Config.fromEnv(cli.env);
            } catch (ConfigException e) {
                err().println("met: " + e.getMessage());
                return CONFIG_ERROR;
            }
            try (Database database = open(config.database())) {
                DigestService digests = new DigestService(database.dsl(), new TeamStats(database.dsl()));
                Optional<DigestRepository.Workspace> workspace = workspace(digests);
                if (workspace.isEmpty()) {
                    return FAILED;
                }
                // The channel's subscription decides its day, as it does for the dispatcher; else the workspace's zone.
                ZoneId zone = digests.subscription(team, channel).map(Subscription::zone).orElse(zone(workspace.get().timeZone()));
                LocalDate today = LocalDate.now(cli.clock.withZone(zone));
                Period period = asked.orElse(Period.monthOf(today));
                SlackApi slack = slackApi(config.slack(), database, cli.clock);
                new Workspaces(database.dsl(), slack, cli.clock).learnName(team);
                DigestSender.Outcome outcome = new DigestSender(database.dsl(), digests, slack, cli.clock).sendNow(team, channel, period, today);
                return report(outcome, period);
            }
        }

        private int report(DigestSender.Outcome outcome, Period period) {
            String what = "the " + period.label() + " digest (" + Periods.key(period) + ") of " + team + " in " + channel;
            if (outcome instanceof DigestSender.Outcome.Sent sent) {
                out().println("posted " + what + " (ts " + sent.messageTs() + ")"
                        + (sent.chart() ? ", with its chart in the thread" : "; its chart could not be uploaded (see the log)"));
                return 0;
            }
            if (outcome instanceof DigestSender.Outcome.Confirmed confirmed) {
                out().println(what + " was posted by an earlier attempt whose answer was lost (found in the channel, ts "
                        + confirmed.messageTs() + "): nothing posted" + (confirmed.chart() ? "; its chart is now in the thread" : ""));
                return 0;
            }
            if (outcome instanceof DigestSender.Outcome.AlreadySent already) {
                out().println(what + " was already posted at " + already.sentAt() + " (ts " + already.messageTs() + "): nothing posted");
                return 0;
            }
            if (outcome instanceof DigestSender.Outcome.InProgress) {
                out().println(what + " is being posted by another Met, or one stopped while posting it (then, ten minutes after,"
                        + " Met looks for it in the channel and posts it only if it is not there): nothing posted");
                return FAILED;
            }
            if (outcome instanceof DigestSender.Outcome.Paused paused) {
                err().println("met: " + what + " was not posted: Met can't post in that channel (" + paused.error()
                        + "); its subscription, if any, is paused and the subscriber was told");
                return FAILED;
            }
            if (outcome instanceof DigestSender.Outcome.WillRetry retry) {
                err().println("met: " + what + " was not posted: " + retry.error() + ". Run this again (after " + retry.at()
                        + ") to retry; the dispatcher retries a subscribed channel's digest by itself");
                return FAILED;
            }
            if (outcome instanceof DigestSender.Outcome.GaveUp gaveUp) {
                err().println("met: " + what + " was not posted and is given up: " + gaveUp.error());
                return FAILED;
            }
            DigestSender.Outcome.NotYetDue waiting = (DigestSender.Outcome.NotYetDue) outcome;
            err().println("met: " + what + " waits for a retry at " + waiting.nextAttempt() + ": " + waiting.lastError());
            return FAILED;
        }
    }

    /** The Web API as Met wires it for digests: a post is never resent by the HTTP client itself. */
    private static SlackApi slackApi(Config.Slack config, Database database, Clock clock) {
        Optional<PostgresInstallationService> installations = config.oauth().map(oauth ->
                new PostgresInstallationService(database.dsl(), TokenCipher.fromSetting(oauth.encryptionKey()), clock));
        return OAuthWebApi.of(SlackApp.withoutResends(SlackApp.slack(config)), config, installations, clock);
    }

    private static ZoneId zone(String id) {
        try {
            return id == null ? ZoneOffset.UTC : ZoneId.of(id);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
