package met.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.Map;
import met.Config;
import met.Met;
import met.testing.FakeSlack;
import met.testing.FakeSocketMode;
import met.testing.TestDatabase;
import met.testing.TestMet;
import org.junit.jupiter.api.Test;

/** Socket Mode: Met connects to Slack over a WebSocket and the very same listeners answer, no public URL needed. */
class SocketModeTest {

    @Test
    void aSlashCommandOverSocketModeIsAnsweredByTheSameListeners() throws Exception {
        try (FakeSlack slack = FakeSlack.start("SocketModeTest"); FakeSocketMode socket = FakeSocketMode.start()) {
            slack.socketModeUrl(socket.url());
            Config config = Config.fromEnv(Map.of(
                    "SLACK_SIGNING_SECRET", TestMet.SIGNING_SECRET,
                    "SLACK_BOT_TOKEN", TestMet.BOT_TOKEN,
                    "SLACK_APP_TOKEN", "xapp-1-A0MET-1-test",
                    "SLACK_API_URL", slack.apiUrl(),
                    "PORT", "0")).withDatabase(TestDatabase.get().fresh());
            try (Met met = Met.start(config, Clock.systemUTC())) {
                socket.awaitConnection();
                assertThat(slack.calls("apps.connections.open")).allSatisfy(c -> assertThat(c.token()).isEqualTo("xapp-1-A0MET-1-test"));

                JsonObject command = new JsonObject();
                command.addProperty("token", "x");
                command.addProperty("team_id", FakeSlack.TEAM_ID);
                command.addProperty("team_domain", "met-test");
                command.addProperty("channel_id", "C0GENERAL");
                command.addProperty("user_id", "U1");
                command.addProperty("user_name", "u1");
                command.addProperty("command", "/met");
                command.addProperty("text", "help");
                command.addProperty("api_app_id", "A0MET");
                command.addProperty("response_url", slack.responseUrl());
                command.addProperty("trigger_id", "1.2.3");
                socket.send("env-1", "slash_commands", command);

                JsonObject ack = socket.ack("env-1");
                assertThat(ack.getAsJsonObject("payload").get("text").getAsString()).contains("Met — your team's networking memory");
            }
        }
    }
}
