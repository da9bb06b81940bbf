package met.digest;

import static met.db.jooq.Tables.DIGEST_POST;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import met.Config;
import met.Main;
import met.capture.CaptureService;
import met.capture.Debrief;
import met.capture.EventKind;
import met.db.Database;
import met.db.EmbeddedPostgresServer;
import met.testing.FakeSlack;
import met.testing.TestDatabase;
import met.testing.TestMet;
import met.workspace.WorkspaceRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `met digest preview` and `met digest send`, run in-process as `java -jar met.jar` runs them, with the environment passed in. */
class DigestCliTest {
    private static final String TEAM = "TCLI";
    private static final Clock DECEMBER = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);
    private static FakeSlack slack;
    private static Database database;
    private static Map<String, String> env;

    @BeforeAll
    static void seed() {
        Config.Database config = TestDatabase.get().fresh();
        database = Database.open(config, new SimpleMeterRegistry());
        new WorkspaceRepository(database.dsl()).ensure(TEAM, null);
        new CaptureService(database.dsl()).create(TEAM, "UANA", new Debrief("DevConf 2026", LocalDate.of(2026, 11, 5), EventKind.CONFERENCE,
                List.of(), List.of(new Debrief.ContactEntry("Dana Lee", "Acme Robotics", null, null, null, null, null)), "An API pilot",
                List.of(), List.of()), CaptureService.Source.FORM, null);
        slack = FakeSlack.start("DigestCliTest");
        String url = config.jdbcUrl().orElseThrow() + config.user().map(u -> "?user=" + u).orElse("")
                + config.password().map(p -> "&password=" + p).orElse("");
        env = Map.of(
                "DATABASE_URL", url,
                "SLACK_SIGNING_SECRET", TestMet.SIGNING_SECRET,
                "SLACK_BOT_TOKEN", TestMet.BOT_TOKEN,
                "SLACK_API_URL", slack.apiUrl());
    }

    @AfterAll
    static void close() {
        database.close();
        slack.close();
    }

    /** What `java -jar met.jar <args>` prints and returns. */
    private record Run(int status, String out, String err) {
    }

    private static Run met(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new Main()).addSubcommand(new DigestCli(environment, DECEMBER))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void previewPrintsTheDigestAsReadableText() {
        Run run = met(env, "digest", "preview", "--team", TEAM, "--period", "2026-11");

        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("Networking digest · ").contains(" · November 2026\n1 Nov – 30 Nov 2026, compared with October 2026")
                .contains("Events                            1            0       +1")
                .contains("1. DevConf 2026 (5 Nov) — 1 meeting, 1 teammate")
                .contains("Idea: An API pilot")
                .doesNotContain("\"blocks\"").doesNotContain("{");
    }

    @Test
    void previewNeedsOnlyTheDatabase() {
        Run run = met(Map.of("DATABASE_URL", env.get("DATABASE_URL")), "digest", "preview", "--team", TEAM, "--period", "2026-W45");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("week of 2 Nov 2026").contains("DevConf 2026");
    }

    @Test
    void sendingTheSamePeriodToTheSameChannelTwicePostsOnce() {
        Run first = met(env, "digest", "send", "--team", TEAM, "--channel", "CCLI", "--period", "2026-11");
        Run second = met(env, "digest", "send", "--team", TEAM, "--channel", "CCLI", "--period", "2026-11");

        assertThat(first.status()).isZero();
        assertThat(first.out()).contains("posted the November 2026 digest (2026-11) of TCLI in CCLI").contains("with its chart in the thread");
        assertThat(second.status()).isZero();
        assertThat(second.out()).contains("was already posted").contains("nothing posted");
        assertThat(slack.calls("chat.postMessage").stream().filter(c -> "CCLI".equals(c.arg("channel")))).hasSize(1);
        assertThat(database.dsl().fetchCount(DIGEST_POST, DIGEST_POST.CHANNEL_ID.eq("CCLI"), DIGEST_POST.STATUS.eq("sent"))).isEqualTo(1);
    }

    @Test
    void sendDefaultsToTheCurrentMonthAndNamesTheTeamFromSlack() {
        Run run = met(env, "digest", "send", "--team", TEAM, "--channel", "CNOW");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("the December 2026 digest (2026-12)");
        assertThat(slack.calls("chat.postMessage").stream().filter(c -> "CNOW".equals(c.arg("channel"))).findFirst().orElseThrow().arg("text"))
                .contains("Met Test"); // auth.test's team name
    }

    @Test
    void aMalformedPeriodOrAnUnknownTeamIsSaidInOneLine() {
        Run period = met(env, "digest", "preview", "--team", TEAM, "--period", "November");
        Run team = met(env, "digest", "preview", "--team", "TNOBODY");
        Run noSlack = met(Map.of("DATABASE_URL", env.get("DATABASE_URL")), "digest", "send", "--team", TEAM, "--channel", "C1");

        assertThat(period.status()).isEqualTo(2);
        assertThat(period.err()).contains("--period: expected a month such as 2026-11 or an ISO week such as 2026-W48");
        assertThat(team.status()).isEqualTo(1);
        assertThat(team.err()).contains("no such workspace");
        assertThat(noSlack.status()).isEqualTo(2);
        assertThat(noSlack.err()).startsWith("met: SLACK_SIGNING_SECRET: ");
    }

    @Test
    void withTheEmbeddedDatabaseACommandUsesTheServerARunningMetStartedInsteadOfStoppingIt(@TempDir Path dir) {
        try (EmbeddedPostgresServer serving = EmbeddedPostgresServer.start(dir, 0);
             Database opened = Database.open(new Config.Database(Optional.of(serving.jdbcUrl()), Optional.empty(), Optional.empty(), dir),
                     new SimpleMeterRegistry())) {
            new WorkspaceRepository(opened.dsl()).ensure(TEAM, null);
            assertThat(EmbeddedPostgresServer.runningPort(dir)).contains(serving.port());

            Run run = met(Map.of("MET_DATA_DIR", dir.toString()), "digest", "preview", "--team", TEAM);

            assertThat(run.status()).isZero();
            assertThat(run.out()).contains("December 2026");
            assertThat(opened.isReachable(Duration.ofSeconds(2))).as("the serving Met's database still runs").isTrue();
        }
        assertThat(EmbeddedPostgresServer.runningPort(dir)).isEmpty();
    }

    @Test
    void everyCommandHasHelp() {
        assertThat(met(env, "--help").out()).contains("digest");
        assertThat(met(env, "digest", "--help").out()).contains("preview").contains("send");
        assertThat(met(env, "digest", "preview", "--help").out()).contains("--team").contains("--period");
        assertThat(met(env, "digest", "send", "--help").out()).contains("--channel").contains("Idempotent");
    }
}
