package met.help;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import met.testing.MetClient.Reply;
import met.testing.TestMet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HelpCommandTest {
    private static TestMet met;

    @BeforeAll
    static void start() {
        met = TestMet.start("HelpCommandTest");
    }

    @AfterAll
    static void stop() {
        met.close();
    }

    @Test
    void metHelpAnswersEphemerallyWithEveryVerbOfTheGrammar() {
        Reply reply = met.command("U1", "help");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.millis()).as("Slack's 3-second ack").isLessThan(3000);
        JsonObject body = reply.json();
        assertThat(body.get("response_type").getAsString()).isEqualTo("ephemeral");
        String everything = body.get("text").getAsString() + body.get("blocks");
        for (String verb : new String[] {"/met`", "/met who", "/met followups", "/met digest", "/met subscribe",
                "/met unsubscribe", "/met export", "/met forget", "/met help", "follow up in 2 weeks", "@ DevConf"}) {
            assertThat(everything).as(verb).contains(verb);
        }
    }

    @Test
    void helpIsCaseInsensitive() {
        assertThat(met.command("U1", "  HELP ").json().get("text").getAsString()).startsWith("Met — your team's networking memory");
    }

    @Test
    void aSingleLowerCaseWordThatIsNoVerbGetsAShortHintToMetHelpRatherThanBecomingAContact() {
        Reply reply = met.command("U1", "frobnicate");

        String text = reply.json().get("text").getAsString();
        assertThat(reply.json().get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(text).contains("/met help").contains("/met frobnicate");
    }

}
