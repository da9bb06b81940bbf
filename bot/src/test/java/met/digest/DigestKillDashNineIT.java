package met.digest;

import static met.db.jooq.Tables.DIGEST_POST;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import met.Config;
import met.capture.CaptureService;
import met.capture.Debrief;
import met.capture.EventKind;
import met.db.Database;
import met.team.Period;
import met.team.TeamStats;
import met.testing.FakeSlack;
import met.testing.MetClient;
import met.testing.MetJar;
import met.testing.TestDatabase;
import met.testing.TestMet;
import met.workspace.WorkspaceRepository;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar killed with -9 while Slack has the digest's chat.postMessage and has not answered it: restarted,
 * and asked again by an operator's {@code digest send}, Met never posts that digest a second time. Slack may or may
 * not have posted it when the process died: Met looks for it in the channel (by its metadata) and, finding it there,
 * records it as sent and puts the chart in its thread.
 */
class DigestKillDashNineIT {
    private static final String TEAM = FakeSlack.TEAM_ID;
    private static final String CHANNEL = "CKILLED";

    @Test
    void aDigestWhosePostWasInFlightWhenTheProcessWasKilledIsPostedOnceAndTheRestartFindsItInTheChannel(@TempDir Path dir)
            throws Exception {
        Config.Database database = TestDatabase.get().fresh();
        // The digest due now in UTC: last month's, as the dispatcher and `digest send` both work it out.
        Period period = Cadence.MONTHLY.latestDue(ZoneOffset.UTC, Instant.now()).covers();
        try (FakeSlack slack = FakeSlack.start("DigestKillDashNineIT");
             Database db = Database.open(database, new SimpleMeterRegistry())) {
            seed(db.dsl(), period);
            int port = MetJar.freePort();
            Map<String, String> env = new HashMap<>(Map.of(
                    "SLACK_SIGNING_SECRET", TestMet.SIGNING_SECRET,
                    "SLACK_BOT_TOKEN", TestMet.BOT_TOKEN,
                    "SLACK_API_URL", slack.apiUrl(),
                    "PORT", Integer.toString(port),
                    "DATABASE_URL", jdbcUrl(database),
                    "MET_DATA_DIR", dir.resolve("unused").toString(),
                    "MET_DISPATCH_INTERVAL", "PT1S"));
            MetClient client = new MetClient(port, "DigestKillDashNineIT");

            // 1. Met's first dispatch pass claims the digest and posts it; Slack receives it and does not answer.
            FakeSlack.Hold posting = slack.holdNext("chat.postMessage");
            Process first = MetJar.start(env, dir.resolve("first.log"));
            TestMet.await(Duration.ofSeconds(90), () -> {
                assertThat(first.isAlive()).as("Met is running (see first.log)").isTrue();
                return posting.received();
            });
            assertThat(status(db.dsl(), period)).isEqualTo("sending");

            // 2. kill -9 while the post is in flight.
            first.destroyForcibly();
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
            posting.release(); // Slack answers a caller that is gone

            // 3. An operator sends that digest by hand: nothing is posted, and it says why.
            Process send = MetJar.start(env, dir.resolve("send.log"), "digest", "send", "--team", TEAM, "--channel", CHANNEL,
                    "--period", Periods.key(period));
            assertThat(send.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(dir.resolve("send.log")))
                    .contains("one stopped while posting it (then, ten minutes after, Met looks for it in the channel and posts it only if it"
                            + " is not there): nothing posted");
            assertThat(send.exitValue()).isEqualTo(DigestCli.FAILED);

            // 4. Met comes back more than ten minutes after the claim (moved back here rather than waited for): its
            //    dispatch passes resume, find the interrupted digest in the channel, record it as sent and post nothing.
            OffsetDateTime claimed = db.dsl().select(DIGEST_POST.CLAIMED_AT).from(DIGEST_POST).where(DIGEST_POST.CHANNEL_ID.eq(CHANNEL))
                    .fetchSingle(DIGEST_POST.CLAIMED_AT);
            db.dsl().update(DIGEST_POST).set(DIGEST_POST.CLAIMED_AT, claimed.minusMinutes(11)).where(DIGEST_POST.CHANNEL_ID.eq(CHANNEL)).execute();
            Process second = MetJar.start(env, dir.resolve("second.log"));
            MetJar.awaitReady(client, second);
            TestMet.await(Duration.ofSeconds(90), () -> {
                assertThat(second.isAlive()).as("Met is running (see second.log)").isTrue();
                return "sent".equals(status(db.dsl(), period));
            });
            second.destroy(); // SIGTERM: Met stops after the pass under way
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(Files.readString(dir.resolve("second.log")))
                    .contains("digest for team=" + TEAM + " channel=" + CHANNEL + " period starting " + period.start()
                            + " was interrupted while sending; the channel is checked for it before it is posted again")
                    .contains("digest found in the channel, posted by an attempt whose answer was lost");
            List<FakeSlack.Call> posts = slack.calls("chat.postMessage").stream().filter(c -> CHANNEL.equals(c.arg("channel"))).toList();
            assertThat(posts).hasSize(1);
            assertThat(posts.get(0).arg("blocks")).contains(period.label());
            String ts = db.dsl().select(DIGEST_POST.MESSAGE_TS).from(DIGEST_POST).where(DIGEST_POST.CHANNEL_ID.eq(CHANNEL))
                    .fetchSingle(DIGEST_POST.MESSAGE_TS);
            assertThat(ts).isNotNull();
            assertThat(slack.calls("files.completeUploadExternal")).anySatisfy(c -> assertThat(c.arg("thread_ts")).isEqualTo(ts));
        }
    }

    /** A team with a meeting in the period, and the channel subscribed long before it fell due. */
    private static void seed(DSLContext db, Period period) {
        new WorkspaceRepository(db).ensure(TEAM, null);
        new CaptureService(db).create(TEAM, "UANA", new Debrief("KillConf", period.start(), EventKind.CONFERENCE, List.of(),
                List.of(new Debrief.ContactEntry("Dana Lee", "Acme", null, null, null, null, null)), null, List.of(), List.of()),
                CaptureService.Source.FORM, null);
        new DigestService(db, new TeamStats(db)).subscribe(TEAM, CHANNEL, Cadence.MONTHLY, ZoneOffset.UTC, "UANA",
                LocalDate.of(2020, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static String status(DSLContext db, Period period) {
        return db.select(DIGEST_POST.STATUS).from(DIGEST_POST)
                .where(DIGEST_POST.TEAM_ID.eq(TEAM), DIGEST_POST.CHANNEL_ID.eq(CHANNEL), DIGEST_POST.PERIOD_START.eq(period.start()))
                .fetchOptional(DIGEST_POST.STATUS).orElse(null);
    }

    /** The test's database as DATABASE_URL: a jdbc URL carrying its user and password. */
    private static String jdbcUrl(Config.Database database) {
        String url = database.jdbcUrl().orElseThrow();
        String user = database.user().map(u -> "user=" + URLEncoder.encode(u, StandardCharsets.UTF_8)).orElse("");
        String password = database.password().map(p -> "&password=" + URLEncoder.encode(p, StandardCharsets.UTF_8)).orElse("");
        return user.isEmpty() ? url : url + (url.contains("?") ? "&" : "?") + user + password;
    }
}
