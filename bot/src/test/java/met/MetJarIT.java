package met;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import met.testing.FakeSlack;
import met.testing.MetClient;
import met.testing.MetJar;
import met.testing.SlackRequests;
import met.testing.TestMet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as operators run it: a real process on its embedded PostgreSQL, killed with -9 and
 * restarted, stopped with SIGTERM. Runs in `mvn verify` after `package`. Prints start-up times (not asserted).
 */
class MetJarIT {
    @Test
    void servesOnItsEmbeddedDatabaseSurvivesKillDashNineAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (FakeSlack slack = FakeSlack.start("MetJarIT")) {
            int port = MetJar.freePort();
            Map<String, String> env = Map.of(
                    "SLACK_SIGNING_SECRET", TestMet.SIGNING_SECRET,
                    "SLACK_BOT_TOKEN", TestMet.BOT_TOKEN,
                    "SLACK_API_URL", slack.apiUrl(),
                    "PORT", Integer.toString(port),
                    "MET_DATA_DIR", data.toString());
            MetClient client = new MetClient(port, "MetJarIT");
            SlackRequests requests = new SlackRequests(TestMet.SIGNING_SECRET, FakeSlack.TEAM_ID);

            long started = System.nanoTime();
            Process first = MetJar.start(env, dir.resolve("first.log"));
            MetJar.awaitReady(client, first);
            long freshMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(client.post(requests.slashCommand("U1", "help")).status()).isEqualTo(200);

            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9: the embedded postgres is orphaned

            started = System.nanoTime();
            Process second = MetJar.start(env, dir.resolve("second.log"));
            MetJar.awaitReady(client, second);
            long restartMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(client.post(requests.slashCommand("U1", "help")).status()).isEqualTo(200);
            assertThat(Files.readString(dir.resolve("second.log"))).doesNotContain("applied");

            second.destroy(); // SIGTERM
            assertThat(second.waitFor(15, TimeUnit.SECONDS)).as("stopped within the grace period").isTrue();
            String log = Files.readString(dir.resolve("second.log"));
            assertThat(log).contains("Met stopped").doesNotContain(TestMet.BOT_TOKEN).doesNotContain(TestMet.SIGNING_SECRET);
            assertThat(data.resolve("postmaster.pid")).as("the embedded database stopped too").doesNotExist();

            System.out.printf("start-up to ready: fresh data directory %d ms, after kill -9 on existing data %d ms%n",
                    freshMillis, restartMillis);
        }
    }

    @Test
    void aMissingVariableStopsStartUpWithOneLineNamingIt(@TempDir Path dir) throws Exception {
        Process process = MetJar.start(Map.of("MET_DATA_DIR", dir.toString()), dir.resolve("out.log"));

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        List<String> lines = Files.readAllLines(dir.resolve("out.log"));
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("met: SLACK_SIGNING_SECRET: ");
    }

    @Test
    void migrateAppliesTheMigrationsAndExits(@TempDir Path dir) throws Exception {
        Process process = MetJar.start(Map.of("MET_DATA_DIR", dir.resolve("data").toString()), dir.resolve("out.log"), "migrate");

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("out.log"))).contains("migrations applied");
    }

    @Test
    void versionAndHelpAnswerWithoutAnyConfiguration(@TempDir Path dir) throws Exception {
        Process version = MetJar.start(Map.of(), dir.resolve("version.log"), "--version");
        assertThat(version.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("version.log"))).startsWith("met ");

        Process help = MetJar.start(Map.of(), dir.resolve("help.log"), "migrate", "--help");
        assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("help.log"))).contains("Usage: met migrate");
    }
}
