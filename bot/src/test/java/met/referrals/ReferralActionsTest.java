package met.referrals;

import static met.db.jooq.Tables.REFERRAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import met.testing.FakeSlack;
import met.testing.MetClient.Reply;
import met.testing.TestMet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReferralActionsTest {
    private static TestMet met;

    @BeforeAll
    static void start() {
        met = TestMet.start("ReferralActionsTest");
    }

    @AfterAll
    static void stop() {
        met.close();
    }

    @Test
    void theMenuBesideAContactRecordsAReferralWithANoteAndTellsTheBalance() {
        Reply saved = met.command("U1", "Rae Ref, Refco");
        String optionValue = saved.json().getAsJsonArray("blocks").get(0).getAsJsonObject()
                .getAsJsonObject("accessory").getAsJsonArray("options").get(0).getAsJsonObject().get("value").getAsString();
        assertThat(optionValue).startsWith("given:");

        met.post(met.requests().overflowAction("U1", ReferralBlocks.MENU_ACTION, optionValue));
        FakeSlack.Call opened = met.slack().calls("views.open").get(0);
        JsonObject view = JsonParser.parseString(opened.arg("view")).getAsJsonObject();
        view.addProperty("id", "VREF");
        view.add("state", JsonParser.parseString("""
                {"values":{"referral_note":{"value":{"type":"plain_text_input","value":"Introduced Rae to our CFO"}}}}""").getAsJsonObject());
        Reply reply = met.post(met.requests().viewSubmission("U1", view));

        assertThat(reply.body()).isEmpty();
        var referral = met.db().selectFrom(REFERRAL).where(REFERRAL.NOTE.eq("Introduced Rae to our CFO")).fetchSingle();
        assertThat(referral.getDirection()).isEqualTo("given");
        assertThat(referral.getTeammateId()).isEqualTo("U1");
        TestMet.await(Duration.ofSeconds(5), () -> met.slack().calls("chat.postMessage").stream()
                .anyMatch(c -> c.arg("text").contains("given 1")));
    }

    @Test
    void aForgedOrStaleMenuValueRecordsNothing() {
        int before = met.db().fetchCount(REFERRAL);

        Reply reply = met.post(met.requests().overflowAction("U1", ReferralBlocks.MENU_ACTION, "given:999999"));
        met.post(met.requests().overflowAction("U1", ReferralBlocks.MENU_ACTION, "stolen:1"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(met.db().fetchCount(REFERRAL)).isEqualTo(before);
    }
}
