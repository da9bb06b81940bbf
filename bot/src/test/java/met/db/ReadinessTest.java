package met.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import met.Config;
import met.Met;
import met.testing.FakeSlack;
import met.testing.MetClient;
import met.testing.SlackRequests;
import met.testing.TestMet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /readyz follows the database while Met keeps running, and Slack always gets an answer in time. */
class ReadinessTest {

    @Test
    void readyzGoes200Then503Then200AsTheDatabaseStopsAndStartsUnderARunningMet(@TempDir Path dir) {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir, 0);
        int port = pg.port();
        Config.Database database = new Config.Database(Optional.of(pg.jdbcUrl()), Optional.empty(), Optional.empty(), dir);
        try (FakeSlack slack = FakeSlack.start("ReadinessTest");
             Met met = Met.start(TestMet.config(slack, database), Clock.systemUTC())) {
            MetClient client = new MetClient(met.port(), "ReadinessTest");
            SlackRequests slackRequests = new SlackRequests(TestMet.SIGNING_SECRET, FakeSlack.TEAM_ID);
            assertThat(client.get("/readyz").status()).isEqualTo(200);

            pg.close();
            MetClient.Reply away = client.get("/readyz");
            assertThat(away.status()).isEqualTo(503);
            assertThat(away.millis()).as("a bounded check").isLessThan(2000);
            MetClient.Reply command = client.post(slackRequests.slashCommand("U1", "help"));
            assertThat(command.status()).isEqualTo(200);
            assertThat(command.millis()).as("Slack's 3 seconds").isLessThan(3000);
            assertThat(client.get("/healthz").status()).isEqualTo(200);

            pg = EmbeddedPostgresServer.start(dir, port);
            TestMet.await(Duration.ofSeconds(10), () -> client.get("/readyz").status() == 200);
        } finally {
            pg.close();
        }
    }
}
