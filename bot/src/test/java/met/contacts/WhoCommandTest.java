package met.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import met.capture.CaptureService;
import met.capture.Debrief;
import met.capture.EventKind;
import met.testing.FakeSlack;
import met.testing.MetClient.Reply;
import met.testing.MutableClock;
import met.testing.TestMet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /met who} through signed slash commands, with Met's real database and a fake Slack API. */
class WhoCommandTest {
    /** Midday in Los Angeles, the fake Slack's default time zone: captures are dated 25 November. */
    private static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
    private static MutableClock clock;
    private static TestMet met;

    @BeforeAll
    static void start() {
        clock = new MutableClock(NOW.minus(Duration.ofDays(30)));
        met = TestMet.start("WhoCommandTest", clock);
        met.command("U1", "Dana Lee, Acme Robotics, CTO @ DevConf");
        clock.set(NOW);
        met.command("U2", "Dana Lee, Acme Robotics @ Robotics Summit — second chat, pilot is on");
        met.command("U1", "Sam Ortiz, ACME Robotics Inc., VP Sales");
    }

    @AfterAll
    static void stop() {
        met.close();
    }

    private static String shown(Reply reply) {
        JsonObject json = reply.json();
        return json.get("text").getAsString() + (json.has("blocks") ? json.get("blocks").toString() : "");
    }

    @Test
    void whoListsThePeopleAtACompanyWhoMetThemWhenAndWhereAndWhomToAsk() {
        Reply reply = met.command("U3", "who acme");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.millis()).as("Slack's 3-second ack").isLessThan(3000);
        assertThat(reply.json().get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(reply.json().get("text").getAsString()).startsWith("2 people at or named “acme”");
        String blocks = reply.json().get("blocks").toString();
        assertThat(blocks).contains("Dana Lee").contains("CTO").contains("Acme Robotics")
                .contains("<@U2> met them at Robotics Summit on Wed 25 Nov 2026")
                .contains("<@U1> met them at DevConf on Mon 26 Oct 2026")
                .contains("Last touch: Wed 25 Nov 2026")
                .contains("Ask <@U2> for an intro.")
                .contains("Sam Ortiz").contains("VP Sales").contains("Ask <@U1> for an intro.");
        assertThat(blocks.indexOf("Dana Lee")).as("met as recently as Sam, by more teammates: first").isLessThan(blocks.indexOf("Sam Ortiz"));
    }

    @Test
    void typosCaseAndEmailsAsSlackSendsThemFindTheSamePerson() {
        met.command("U1", "Priya Raman, Initech <mailto:priya@initech.example|priya@initech.example>");

        for (String query : new String[] {"who INITEK", "who priya", "who <mailto:priya@initech.example|priya@initech.example>"}) {
            assertThat(shown(met.command("U3", query))).as(query).contains("Priya Raman").contains("Ask <@U1> for an intro.");
        }
    }

    @Test
    void theAskerIsNotToldToAskThemselves() {
        String blocks = met.command("U2", "who dana lee").json().get("blocks").toString();

        assertThat(blocks).contains("You met them at Robotics Summit").contains("Ask <@U1> for an intro.").doesNotContain("Ask <@U2>");
    }

    @Test
    void whatUsersTypedIsShownAsTextAndPingsNobody() {
        Debrief debrief = new Debrief("<!here> party", LocalDate.of(2026, 11, 20), EventKind.OTHER, List.of(),
                List.of(new Debrief.ContactEntry("<!channel> Mallory", "<@U999> & Co", "<https://evil.example|click>", null, null, null, null)),
                null, List.of(), List.of());
        new CaptureService(met.db()).create(FakeSlack.TEAM_ID, "U1", debrief, CaptureService.Source.FORM, null);

        Reply reply = met.command("U3", "who <!channel> mallory");

        String shown = shown(reply);
        assertThat(shown).contains("Mallory")
                .doesNotContain("<!channel>").doesNotContain("<!here>").doesNotContain("<@U999>").doesNotContain("<https://evil")
                .contains("&lt;!channel&gt;").contains("&lt;@U999&gt; &amp; Co").contains("&lt;!here&gt; party");
    }

    @Test
    void nobodyFoundIsSaidKindly() {
        Reply reply = met.command("U1", "who zyxwvut corp");

        assertThat(reply.json().get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(reply.json().get("text").getAsString()).isEqualTo("Nobody on the team has met anyone matching “zyxwvut corp” yet.");
    }

    @Test
    void whoAloneOrWithNothingToSearchExplainsHowToUseIt() {
        for (String text : new String[] {"who", "WHO   ", "who ?", "who a"}) {
            Reply reply = met.command("U1", text);
            assertThat(reply.json().get("response_type").getAsString()).as(text).isEqualTo("ephemeral");
            assertThat(reply.json().get("text").getAsString()).as(text).contains("/met who acme");
        }
    }

    @Test
    void moreThanTenMatchesShowTenAndSayHowManyMore() {
        String[] names = {"Ada", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea", "Moe", "Nia", "Oto", "Pia", "Quin"};
        for (int i = 0; i < names.length; i++) {
            assertThat(met.command("U" + (i % 3 + 1), names[i] + " Hughes, Hugeco").json().get("text").getAsString()).startsWith("Saved");
        }

        Reply reply = met.command("U4", "who hugeco");

        assertThat(reply.json().get("text").getAsString()).startsWith("17 people at or named “hugeco”");
        assertThat(reply.json().getAsJsonArray("blocks").size()).isEqualTo(1 + ContactSearch.LIMIT + 1).isLessThanOrEqualTo(50);
        assertThat(reply.json().get("blocks").toString()).contains("…and 7 more — narrow your search");
    }
}
