package met.privacy;

import static met.db.jooq.Tables.CONTACT;
import static met.db.jooq.Tables.DEBRIEF;
import static met.db.jooq.Tables.ERASURE;
import static met.db.jooq.Tables.FOLLOW_UP;
import static met.db.jooq.Tables.MEETING;
import static met.db.jooq.Tables.REFERRAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import met.capture.CaptureService;
import met.capture.Debrief;
import met.capture.EventKind;
import met.referrals.ReferralRepository;
import met.testing.FakeSlack;
import met.testing.MetClient.Reply;
import met.testing.TestMet;
import met.workspace.WorkspaceRepository;
import org.jooq.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /met forget and its Erase and Cancel buttons, through signed requests, on a real database. */
class ErasureTest {
    private static final String TEAM = FakeSlack.TEAM_ID;
    private static TestMet met;

    @BeforeAll
    static void start() {
        met = TestMet.start("ErasureTest", java.time.Clock.systemUTC(), Map.of());
        met.slack().admin("UADMIN", true);
    }

    @AfterAll
    static void stop() {
        met.close();
    }

    /** Two teammates met the person, each with a follow-up, and one recorded a referral from them. */
    private static long seedPerson(String name, String company, String email) {
        met.command("U1", name + " " + email + ", " + company + ", CTO @ EraseConf — private notes about " + name + "; follow up in 2 weeks");
        met.command("U2", name + ", " + company + " — second meeting; follow up tomorrow");
        long contactId = contactId(name);
        new ReferralRepository(met.db()).insert(TEAM, "U2", contactId, "received", name + " referred their CFO to us", LocalDate.now());
        return contactId;
    }

    private static long contactId(String name) {
        return met.db().select(CONTACT.ID).from(CONTACT).where(CONTACT.TEAM_ID.eq(TEAM), CONTACT.NAME.eq(name)).fetchSingle(CONTACT.ID);
    }

    @Test
    void theConfirmationShowsExactlyWhatWillGoWithEraseAndCancelAndErasesNothingYet() {
        long id = seedPerson("Erin Preview", "Previewco", "erin@preview.example");

        Reply reply = met.command("UADMIN", "forget erin preview");

        assertThat(reply.json().get("response_type").getAsString()).isEqualTo("ephemeral");
        String shown = reply.json().get("blocks").toString();
        assertThat(shown).contains("Erase Erin Preview?").contains("CTO, Previewco").contains("erin@preview.example")
                .contains("the contact").contains("2 meetings with their notes").contains("2 follow-ups").contains("1 referral")
                .contains("<@U1>, <@U2>");
        JsonObject erase = buttons(reply, PrivacyBlocks.ERASE_ACTION).get(0);
        assertThat(erase.get("value").getAsString()).isEqualTo(Long.toString(id));
        assertThat(erase.get("style").getAsString()).isEqualTo("danger");
        assertThat(erase.getAsJsonObject("confirm").get("style").getAsString()).isEqualTo("danger");
        assertThat(erase.getAsJsonObject("confirm").toString()).contains("2 meetings with their notes");
        assertThat(buttons(reply, PrivacyBlocks.CANCEL_ACTION)).hasSize(1);
        assertThat(met.db().fetchCount(CONTACT, CONTACT.ID.eq(id))).isEqualTo(1);
    }

    @Test
    void eraseRemovesTheContactTheirMeetingsNotesFollowUpsAndReferralsAndAuditsWithoutPersonalData() {
        long id = seedPerson("Erin Erasable", "Erasco", "erin@erasco.example");
        List<Long> debriefs = met.db().select(MEETING.DEBRIEF_ID).from(MEETING).where(MEETING.CONTACT_ID.eq(id)).fetch(MEETING.DEBRIEF_ID);
        assertThat(debriefs).hasSize(2);
        int audits = met.db().fetchCount(ERASURE);

        Reply reply = met.post(met.requests().blockAction("UADMIN", PrivacyBlocks.ERASE_ACTION, "met_forget_actions", Long.toString(id), null));

        assertThat(reply.status()).isEqualTo(200);
        TestMet.await(Duration.ofSeconds(5), () -> lastResponse().contains("Erased"));
        JsonObject response = lastResponseJson();
        assertThat(response.get("replace_original").getAsBoolean()).isTrue();
        assertThat(response.toString()).contains("Erin Erasable").contains("2 meetings with their notes").contains("2 follow-ups")
                .contains("1 referral");
        assertThat(met.db().fetchCount(CONTACT, CONTACT.ID.eq(id))).isZero();
        assertThat(met.db().fetchCount(MEETING, MEETING.CONTACT_ID.eq(id))).isZero();
        assertThat(met.db().fetchCount(FOLLOW_UP, FOLLOW_UP.CONTACT_ID.eq(id))).isZero();
        assertThat(met.db().fetchCount(REFERRAL, REFERRAL.CONTACT_ID.eq(id))).isZero();
        assertThat(met.db().select(DEBRIEF.RAW_TEXT).from(DEBRIEF).where(DEBRIEF.ID.in(debriefs)).fetch(DEBRIEF.RAW_TEXT)).containsOnlyNulls();

        assertThat(met.db().fetchCount(ERASURE)).isEqualTo(audits + 1);
        var audit = met.db().selectFrom(ERASURE).orderBy(ERASURE.ERASED_AT.desc()).limit(1).fetchSingle();
        assertThat(audit.getTeamId()).isEqualTo(TEAM);
        assertThat(audit.getErasedBy()).isEqualTo("UADMIN");
        assertThat(List.of(audit.getContacts(), audit.getMeetings(), audit.getFollowUps(), audit.getReferrals())).containsExactly(1, 2, 2, 1);
        assertThat(response.toString()).contains(audit.getId().toString());
        assertThat(Arrays.stream(ERASURE.fields()).map(f -> f.getName()))
                .containsExactly("team_id", "id", "erased_by", "erased_at", "contacts", "meetings", "follow_ups", "referrals");
        for (var row : met.db().selectFrom(ERASURE).fetch()) {
            for (Object value : row.intoArray()) {
                assertThat(String.valueOf(value)).doesNotContainIgnoringCase("erin").doesNotContainIgnoringCase("erasco");
            }
        }
    }

    @Test
    void afterAnErasureTheNameAndEmailAreNowhereInTheDatabase() {
        long id = seedPerson("Quentin Trace", "Traceless", "quentin@trace.example");

        met.post(met.requests().blockAction("UADMIN", PrivacyBlocks.ERASE_ACTION, "met_forget_actions", Long.toString(id), null));
        TestMet.await(Duration.ofSeconds(5), () -> lastResponse().contains("Quentin Trace"));

        for (Table<?> table : met.db().meta().getSchemas("public").get(0).getTables()) {
            String everything = met.db().selectFrom(table).fetch().formatCSV();
            assertThat(everything).as(table.getName()).doesNotContainIgnoringCase("quentin").doesNotContainIgnoringCase("trace.example");
        }
    }

    @Test
    void someoneWhoIsNotAnAdminCannotEraseEvenWithAForgedButtonAndNothingIsDeleted() {
        long id = seedPerson("Fiona Forged", "Forgeco", "fiona@forge.example");
        int audits = met.db().fetchCount(ERASURE);

        Reply refused = met.command("UPLAIN", "forget fiona");
        met.post(met.requests().blockAction("UPLAIN", PrivacyBlocks.ERASE_ACTION, "met_forget_actions", Long.toString(id), null));

        assertThat(refused.json().get("text").getAsString()).contains("Only the workspace's admins and owners can erase contacts");
        assertThat(refused.json().has("blocks")).isFalse();
        TestMet.await(Duration.ofSeconds(5), () -> lastResponse().contains("Only the workspace's admins and owners"));
        assertThat(lastResponseJson().get("replace_original").getAsBoolean()).isFalse();
        assertThat(met.db().fetchCount(CONTACT, CONTACT.ID.eq(id))).isEqualTo(1);
        assertThat(met.db().fetchCount(MEETING, MEETING.CONTACT_ID.eq(id))).isEqualTo(2);
        assertThat(met.db().fetchCount(FOLLOW_UP, FOLLOW_UP.CONTACT_ID.eq(id))).isEqualTo(2);
        assertThat(met.db().fetchCount(REFERRAL, REFERRAL.CONTACT_ID.eq(id))).isEqualTo(1);
        assertThat(met.db().fetchCount(ERASURE)).isEqualTo(audits);
    }

    @Test
    void aContactOfAnotherWorkspaceIsNeverFound() {
        new WorkspaceRepository(met.db()).ensure("T0OTHER", null);
        long theirs = new CaptureService(met.db()).create("T0OTHER", "UOTHER", new Debrief(null, LocalDate.now(), EventKind.OTHER, List.of(),
                List.of(new Debrief.ContactEntry("Olga Elsewhere", "Otherco", null, null, null, "theirs", null)), null, List.of(), List.of()),
                CaptureService.Source.QUICK, "Olga Elsewhere, Otherco").contacts().get(0).contactId();

        Reply search = met.command("UADMIN", "forget olga");
        met.post(met.requests().blockAction("UADMIN", PrivacyBlocks.ERASE_ACTION, "met_forget_actions", Long.toString(theirs), null));

        assertThat(search.json().get("text").getAsString()).contains("No contact matches");
        TestMet.await(Duration.ofSeconds(5), () -> lastResponse().contains("no longer in Met's memory"));
        assertThat(met.db().fetchCount(CONTACT, CONTACT.ID.eq(theirs))).isEqualTo(1);
        assertThat(met.db().fetchCount(MEETING, MEETING.CONTACT_ID.eq(theirs))).isEqualTo(1);
    }

    @Test
    void cancelDeletesNothingAndSaysSo() {
        long id = seedPerson("Carl Cancel", "Cancelco", "carl@cancel.example");
        met.command("UADMIN", "forget carl cancel");

        met.post(met.requests().blockAction("UADMIN", PrivacyBlocks.CANCEL_ACTION, "met_forget_actions", "cancel", null));

        TestMet.await(Duration.ofSeconds(5), () -> lastResponse().contains("nothing was erased"));
        assertThat(lastResponseJson().get("replace_original").getAsBoolean()).isTrue();
        assertThat(met.db().fetchCount(CONTACT, CONTACT.ID.eq(id))).isEqualTo(1);
        assertThat(met.db().fetchCount(MEETING, MEETING.CONTACT_ID.eq(id))).isEqualTo(2);
    }

    @Test
    void aStaleOrForgedButtonValueIsAnsweredCalmly() {
        long id = seedPerson("Stella Stale", "Staleco", "stella@stale.example");
        met.post(met.requests().blockAction("UADMIN", PrivacyBlocks.ERASE_ACTION, "met_forget_actions", Long.toString(id), null));
        TestMet.await(Duration.ofSeconds(5), () -> lastResponse().contains("Erased"));
        int audits = met.db().fetchCount(ERASURE);
        long calmAnswers = calmAnswers();

        Reply again = met.post(met.requests().blockAction("UADMIN", PrivacyBlocks.ERASE_ACTION, "met_forget_actions", Long.toString(id), null));
        Reply forged = met.post(met.requests().blockAction("UADMIN", PrivacyBlocks.ERASE_ACTION, "met_forget_actions", "1 or 1=1", null));

        assertThat(again.status()).isEqualTo(200);
        assertThat(forged.status()).isEqualTo(200);
        TestMet.await(Duration.ofSeconds(5), () -> calmAnswers() == calmAnswers + 2);
        assertThat(met.db().fetchCount(ERASURE)).isEqualTo(audits);
    }

    @Test
    void whenSeveralContactsMatchEachIsListedWithWhatWouldGoAndItsOwnEraseButton() {
        long alpha = seedPerson("Sam Same", "Alphaco", "sam@alpha.example");
        met.command("U3", "Sam Same, Betaco — met at lunch");
        long beta = met.db().select(CONTACT.ID).from(CONTACT).where(CONTACT.NAME.eq("Sam Same"), CONTACT.COMPANY.eq("Betaco")).fetchSingle(CONTACT.ID);

        Reply reply = met.command("UADMIN", "forget sam same");

        String shown = reply.json().get("blocks").toString();
        assertThat(shown).contains("2 contacts match").contains("Alphaco").contains("Betaco").contains("<@U3>");
        assertThat(buttons(reply, PrivacyBlocks.ERASE_ACTION)).extracting(b -> b.get("value").getAsString())
                .containsExactlyInAnyOrder(Long.toString(alpha), Long.toString(beta));
        assertThat(buttons(reply, PrivacyBlocks.CANCEL_ACTION)).hasSize(1);
    }

    @Test
    void moreThanTenMatchesShowTheFirstTenAndAskForMore() {
        for (int i = 0; i < 12; i++) {
            met.command("U1", "Manny Many" + (char) ('a' + i) + ", Manyco " + i);
        }

        Reply reply = met.command("UADMIN", "forget manny");

        assertThat(buttons(reply, PrivacyBlocks.ERASE_ACTION)).hasSize(ErasureService.SHOWN);
        assertThat(reply.json().get("blocks").toString()).contains("More than 10 contacts match").contains("type more of the name");
    }

    @Test
    void aContactIsFoundByEmailOrCompanyWhateverTheCaseAndAccents() {
        seedPerson("José Núñez", "Ñandú Labs", "Jose@Nandu.example");

        assertThat(met.command("UADMIN", "forget jose@nandu.example").json().get("text").getAsString()).contains("Erase José Núñez");
        assertThat(met.command("UADMIN", "forget JOSE NUNEZ").json().get("text").getAsString()).contains("Erase José Núñez");
        assertThat(met.command("UADMIN", "forget ñandu labs").json().get("text").getAsString()).contains("Erase José Núñez");
    }

    @Test
    void forgetWithoutAContactSaysHowAndOneThatMatchesNobodySaysSo() {
        assertThat(met.command("UADMIN", "forget").json().get("text").getAsString()).contains("/met forget Dana Lee");
        assertThat(met.command("UADMIN", "forget Nobody Atall").json().get("text").getAsString())
                .contains("No contact matches").contains("Nothing was erased");
    }

    private static List<JsonObject> buttons(Reply reply, String actionId) {
        List<JsonObject> found = new ArrayList<>();
        for (JsonElement block : reply.json().getAsJsonArray("blocks")) {
            JsonObject b = block.getAsJsonObject();
            List<JsonElement> elements = new ArrayList<>();
            if (b.has("accessory")) {
                elements.add(b.get("accessory"));
            }
            if (b.has("elements") && "actions".equals(b.get("type").getAsString())) {
                b.getAsJsonArray("elements").forEach(elements::add);
            }
            for (JsonElement e : elements) {
                if (e.getAsJsonObject().has("action_id") && actionId.equals(e.getAsJsonObject().get("action_id").getAsString())) {
                    found.add(e.getAsJsonObject());
                }
            }
        }
        return found;
    }

    private static long calmAnswers() {
        return met.slack().calls("response_url").stream().filter(c -> c.args().toString().contains("no longer in Met's memory")).count();
    }

    private static String lastResponse() {
        return lastResponseJson().toString();
    }

    private static JsonObject lastResponseJson() {
        List<FakeSlack.Call> calls = met.slack().calls("response_url");
        return calls.isEmpty() ? new JsonObject() : calls.get(calls.size() - 1).args();
    }
}
