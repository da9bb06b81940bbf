package met.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import met.testing.MetClient.Reply;
import met.testing.SlackRequests;
import met.testing.TestMet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /slack/events as Slack (and everybody else on the internet) calls it. */
class SlackEndpointTest {
    private static TestMet met;

    @BeforeAll
    static void start() {
        met = TestMet.start("SlackEndpointTest");
    }

    @AfterAll
    static void stop() {
        met.close();
    }

    @Test
    void aSignedSlashCommandIsAnsweredAndBoltsAuthTestGoesToTheFakeSlackApi() {
        Reply reply = met.command("U1", "help");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(met.slack().calls("auth.test")).isNotEmpty()
                .allSatisfy(call -> assertThat(call.token()).isEqualTo(TestMet.BOT_TOKEN));
    }

    @Test
    void aWrongSignatureGets401() {
        SlackRequests.Signed signed = met.requests().slashCommand("U1", "help");
        var forged = new SlackRequests.Signed(signed.contentType(), signed.body(), java.util.Map.of(
                "X-Slack-Request-Timestamp", signed.headers().get("X-Slack-Request-Timestamp"),
                "X-Slack-Signature", "v0=" + "0".repeat(64)));

        Reply reply = met.client().post(forged);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("error").getAsString()).isEqualTo("invalid request");
    }

    @Test
    void anUnsignedRequestGets401() {
        Reply reply = met.client().send(met.client().request("/slack/events")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("command=%2Fmet&text=help")).build());

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void aTimestampSixMinutesOldGets401() {
        Reply reply = met.client().post(met.requests().slashCommand("U1", "help", Instant.now().minus(Duration.ofMinutes(6))));

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void aTimestampSixMinutesInTheFutureGets401() {
        Reply reply = met.client().post(met.requests().slashCommand("U1", "help", Instant.now().plus(Duration.ofMinutes(6))));

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void aTwoMegabyteBodyGets413WithoutBeingParsed() {
        byte[] body = new byte[2 * 1024 * 1024];
        Arrays.fill(body, (byte) 'a');

        Reply reply = met.client().post(met.requests().sign("application/x-www-form-urlencoded", body, Instant.now()));

        assertThat(reply.status()).isEqualTo(413);
    }

    @Test
    void aSignedBodyThatIsNeitherFormNorJsonGets415() {
        Reply reply = met.client().post(met.requests().sign("text/plain", "hello".getBytes(StandardCharsets.UTF_8), Instant.now()));

        assertThat(reply.status()).isEqualTo(415);
    }

    @Test
    void signedButMalformedBodiesGet4xxAndNeverAStackTrace() {
        for (String[] bad : new String[][] {
                {"application/json", "{"},
                {"application/json", "[1,2,3]"},
                {"application/json", "{\"type\":\"event_callback\",\"event\":42}"},
                {"application/x-www-form-urlencoded", "payload=%7Bnot+json"},
                {"application/x-www-form-urlencoded", "payload=%7B%22type%22%3A%22view_submission%22%7D"},
                {"application/x-www-form-urlencoded", "%%%=="},
                {"application/x-www-form-urlencoded", ""}}) {
            Reply reply = met.client().post(met.requests().sign(bad[0], bad[1].getBytes(StandardCharsets.UTF_8), Instant.now()));

            assertThat(reply.status()).as("%s %s", bad[0], bad[1]).isBetween(400, 499);
            assertThat(reply.body()).as("%s %s", bad[0], bad[1]).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void slacksSslCheckGets200() {
        Reply reply = met.client().post(met.requests().sign("application/x-www-form-urlencoded",
                "ssl_check=1&token=x".getBytes(StandardCharsets.UTF_8), Instant.now()));

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void urlVerificationGetsTheChallengeBack() {
        JsonObject body = new JsonObject();
        body.addProperty("type", "url_verification");
        body.addProperty("token", "x");
        body.addProperty("challenge", "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");

        Reply reply = met.client().post(met.requests().sign("application/json", body.toString().getBytes(StandardCharsets.UTF_8), Instant.now()));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    }

    @Test
    void healthzIsAlways200() {
        assertThat(met.client().get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void readyzIs200WhileTheDatabaseAnswers() {
        assertThat(met.client().get("/readyz").status()).isEqualTo(200);
    }

    @Test
    void metricsCountSlackRequestsByTypeAndOutcomeBesidePoolAndJvm() {
        met.command("U1", "help");
        met.client().post(met.requests().sign("application/json", "{".getBytes(StandardCharsets.UTF_8), Instant.now().minus(Duration.ofHours(1))));

        Reply metrics = met.client().get("/metrics");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("met_slack_requests_seconds_count{outcome=\"ok\",type=\"Command\"}")
                .contains("met_slack_requests_seconds_count{outcome=\"unauthorized\",type=\"unknown\"}")
                .contains("hikaricp_connections_active{pool=\"met\"}")
                .contains("hikaricp_connections_pending{pool=\"met\"}")
                .contains("hikaricp_connections_active{pool=\"met-background\"}")
                .contains("met_captures_waiting 0.0")
                .contains("jvm_memory_used_bytes");
    }
}
