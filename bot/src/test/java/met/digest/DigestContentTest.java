package met.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import met.capture.CaptureService;
import met.capture.Debrief;
import met.capture.EventKind;
import met.db.Database;
import met.followups.FollowUp;
import met.followups.FollowUpService;
import met.team.Period;
import met.team.TeamStats;
import met.testing.FakeSlack;
import met.testing.TestDatabase;
import met.workspace.Member;
import met.workspace.WorkspaceRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a digest says, on a seeded team: November 2026 against October, as posted on 1 December. */
class DigestContentTest {
    private static final String TEAM = "TDIGEST";
    private static final String BIG = "TBIG";
    private static final Period NOVEMBER = Period.month(YearMonth.of(2026, 11));
    private static final LocalDate POSTED_ON = LocalDate.of(2026, 12, 1);
    private static Database database;
    private static DigestService digests;
    private static CaptureService captures;

    @BeforeAll
    static void seed() {
        database = Database.open(TestDatabase.get().fresh(), new SimpleMeterRegistry());
        WorkspaceRepository workspaces = new WorkspaceRepository(database.dsl());
        workspaces.ensure(TEAM, null);
        workspaces.saveName(TEAM, "Acme <!here> & Co");
        for (String[] m : new String[][] {{"UANA", "Ana"}, {"UBO", "Bo"}, {"UCY", "Cy"}, {"UDEE", "Dee <!channel>"}}) {
            workspaces.save(new Member(TEAM, m[0], m[1], "Europe/Paris", false, Instant.parse("2026-11-01T00:00:00Z")));
        }
        captures = new CaptureService(database.dsl());
        digests = new DigestService(database.dsl(), new TeamStats(database.dsl()));

        // Long ago: two people who have gone cold by 1 December (90 days), one who has not.
        save("UBO", null, LocalDate.of(2026, 7, 1), List.of(), List.of(contact("Frozen Fred", "Icebox", null)), null, List.of(), List.of());
        save("UBO", null, LocalDate.of(2026, 8, 15), List.of(), List.of(contact("Chilly Chris", "Icebox", null)), null, List.of(), List.of());
        save("UCY", null, LocalDate.of(2026, 9, 10), List.of(), List.of(contact("Warm Wendy", "Sunco", null)), null, List.of(), List.of());
        // October: one event, one person.
        save("UANA", "Old Expo", LocalDate.of(2026, 10, 10), List.of(), List.of(contact("Olga Old", "Oldco", null)), null, List.of(), List.of());
        // November: DevConf (Ana with Bo, and Bo's own debrief), and a meetup where Cy met Olga again.
        save("UANA", "DevConf 2026", LocalDate.of(2026, 11, 5), List.of("UBO"),
                List.of(contact("Dana Lee", "Acme Robotics", LocalDate.of(2026, 11, 10)), contact("Raj Patel", "Acme Robotics", null)),
                "Offer an API pilot <!channel>", List.of(new Debrief.ActionItemEntry("Send the deck", "UANA")),
                List.of(new Debrief.ReferralEntry(Debrief.ReferralDirection.GIVEN, "Dana to our partner")));
        save("UBO", "DevConf 2026", LocalDate.of(2026, 11, 5), List.of(),
                List.of(contact("Sam Stone", "Globex", LocalDate.of(2026, 11, 20))), null, List.of(), List.of());
        save("UCY", "Rust & <Friends> meetup", LocalDate.of(2026, 11, 20), List.of(), List.of(contact("Olga Old", "Oldco", null)), null,
                List.of(new Debrief.ActionItemEntry("Intro <@UANA> to Olga", "UCY")),
                List.of(new Debrief.ReferralEntry(Debrief.ReferralDirection.RECEIVED, "Olga sent us a lead")));
        // Ana follows up with Dana on 12 November; Sam's follow-up (due 20 November) stays open.
        FollowUpService followUps = new FollowUpService(database.dsl(), captures, Clock.fixed(Instant.parse("2026-11-12T10:00:00Z"), ZoneOffset.UTC));
        FollowUp dana = followUps.pending(TEAM, "UANA", 10).get(0);
        followUps.done(TEAM, "UANA", dana.id(), LocalDate.of(2026, 11, 12));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static Debrief.ContactEntry contact(String name, String company, LocalDate followUp) {
        return new Debrief.ContactEntry(name, company, null, null, null, null, followUp);
    }

    private static void save(String author, String event, LocalDate day, List<String> teammates, List<Debrief.ContactEntry> contacts,
                             String ideas, List<Debrief.ActionItemEntry> actions, List<Debrief.ReferralEntry> referrals) {
        captures.create(TEAM, author, new Debrief(event, day, EventKind.CONFERENCE, teammates, contacts, ideas, actions, referrals),
                CaptureService.Source.FORM, null);
    }

    @Test
    void theNumbersCompareTheMonthWithTheOneBefore() {
        Digest d = digests.build(TEAM, NOVEMBER, POSTED_ON);

        assertThat(d.numbers().events()).isEqualTo(2);
        assertThat(d.previous().events()).isEqualTo(1);
        assertThat(d.numbers().teammatesOut()).isEqualTo(3);
        assertThat(d.numbers().meetings()).isEqualTo(4);
        assertThat(d.numbers().newContacts()).isEqualTo(3); // Olga was first met in October
        assertThat(d.numbers().followUpsDone()).isEqualTo(1);
        assertThat(d.numbers().followUpsOverdue()).isEqualTo(1);
        assertThat(d.numbers().referralsGiven()).isEqualTo(1);
        assertThat(d.numbers().referralsReceived()).isEqualTo(1);
        assertThat(d.partial()).isFalse();
        String blocks = json(DigestBlocks.message(d, true)).toString();
        assertThat(blocks).contains("*Events*\\n*2*  ▲ 1 (October 2026: 1)").contains("*New contacts*\\n*3*  ▲ 2");
    }

    @Test
    void theGoalNamesWhoMetItAndWhoHasNotYet() {
        Digest.Goal goal = digests.build(TEAM, NOVEMBER, POSTED_ON).goal();

        assertThat(goal.perTeammate()).isEqualTo(1);
        assertThat(goal.met()).extracting(Digest.Teammate::name).containsExactly("Ana", "Bo", "Cy");
        assertThat(goal.notYet()).extracting(Digest.Teammate::userId).containsExactly("UDEE");
    }

    @Test
    void topEventsCompaniesAndHighlightsComeFromTheMonthsDebriefs() {
        Digest d = digests.build(TEAM, NOVEMBER, POSTED_ON);

        assertThat(d.topEvents()).extracting(Digest.TopEvent::name).containsExactly("DevConf 2026", "Rust & <Friends> meetup");
        assertThat(d.topEvents().get(0).meetings()).isEqualTo(3);
        assertThat(d.topEvents().get(0).teammates()).isEqualTo(2);
        assertThat(d.topCompanies()).extracting(Digest.TopCompany::name).containsExactly("Acme Robotics", "Globex", "Oldco");
        assertThat(d.companies()).isEqualTo(3);
        assertThat(d.highlights()).extracting(Digest.Highlight::text)
                .containsExactly("Offer an API pilot <!channel>", "Intro @Ana to Olga", "Send the deck");
    }

    @Test
    void contactsNobodyTouchedFor90DaysAreGoingCold() {
        Digest d = digests.build(TEAM, NOVEMBER, POSTED_ON);

        assertThat(d.cold().afterDays()).isEqualTo(90);
        assertThat(d.cold().total()).isEqualTo(2);
        assertThat(d.cold().oldest()).extracting(c -> c.name()).containsExactly("Frozen Fred", "Chilly Chris");
    }

    @Test
    void everythingUsersTypedIsEscapedSoThatNobodyIsPinged() {
        Digest d = digests.build(TEAM, NOVEMBER, POSTED_ON);
        JsonArray all = json(DigestBlocks.message(d, true));
        JsonObject header = all.remove(0).getAsJsonObject();
        String blocks = all.toString();
        String text = DigestBlocks.text(d);

        // plain_text is never parsed for mentions (only mrkdwn is): the header shows the name as typed
        assertThat(header.getAsJsonObject("text").get("type").getAsString()).isEqualTo("plain_text");
        assertThat(blocks + text).doesNotContain("<!channel>").doesNotContain("<!here>").doesNotContain("<@UANA>").doesNotContain("<Friends>");
        assertThat(blocks).contains("&lt;!channel&gt;").contains("Rust &amp; &lt;Friends&gt; meetup").contains("Dee &lt;!channel&gt;");
        assertThat(text).contains("Acme &lt;!here&gt; &amp; Co");
    }

    @Test
    void aMonthWithoutActivityGetsAFriendlyDigestNotAnError() {
        Digest d = digests.build(TEAM, Period.month(YearMonth.of(2026, 6)), POSTED_ON);

        assertThat(d.quiet()).isTrue();
        String blocks = json(DigestBlocks.message(d, true)).toString();
        assertThat(blocks).contains("A quiet month").contains("Log a debrief").doesNotContain("Top events");
        assertThat(DigestBlocks.terminalText(d)).contains("A quiet month");
        assertWithinBlockKitLimits(DigestBlocks.message(d, true));
        keepForTheBlockKitCheck("DigestContentTest-quiet", d, DigestBlocks.message(d, true));
    }

    @Test
    void aWeeklyDigestShowsTheMonthSoFarAgainstTheGoal() {
        Digest d = digests.build(TEAM, Period.weekOf(LocalDate.of(2026, 11, 2)), LocalDate.of(2026, 11, 9));

        assertThat(d.numbers().events()).isEqualTo(1); // DevConf on Thursday 5 November
        assertThat(d.goal().month().label()).isEqualTo("November 2026 so far");
        assertThat(d.goal().month().end()).isEqualTo(LocalDate.of(2026, 11, 9));
        assertThat(d.activity().buckets()).containsExactly("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");
        assertThat(d.activity().current().get(3)).isEqualTo(3);
    }

    @Test
    void theActivityLinesUpTheMonthsSevenDaysAtATime() {
        Digest.Activity a = digests.build(TEAM, NOVEMBER, POSTED_ON).activity();

        assertThat(a.buckets()).containsExactly("1–7", "8–14", "15–21", "22–28", "29–31");
        assertThat(a.current()).containsExactly(3, 0, 1, 0, 0);
        assertThat(a.previous()).containsExactly(0, 1, 0, 0, 0);
    }

    @Test
    void theChartIsAPngOfTheActivity() throws IOException {
        Digest d = digests.build(TEAM, NOVEMBER, POSTED_ON);

        byte[] png = DigestChart.png(d);

        var image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(DigestChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(DigestChart.HEIGHT);
        Path file = Path.of("target", "digest-chart.png"); // to look at
        Files.createDirectories(file.getParent());
        Files.write(file, png);
        assertThat(DigestBlocks.chartAltText(d)).contains("1–7: 3 against 0");
    }

    @Test
    void thePlainTextPreviewReadsLikeTheMessage() {
        String text = DigestBlocks.terminalText(digests.build(TEAM, NOVEMBER, POSTED_ON));

        assertThat(text).startsWith("Networking digest · Acme <!here> & Co · November 2026\n")
                .contains("Events                            2            1       +1")
                .contains("Met it (3): Ana (1), Bo (1), Cy (1)")
                .contains("DevConf 2026 (5 Nov) — 3 meetings, 2 teammates")
                .contains("Going cold (no meeting or follow-up for 90 days): 2");
    }

    @Test
    void aTeamWithHundredsOfMembersAndEventsIsSummarisedWithinBlockKitLimits() {
        WorkspaceRepository workspaces = new WorkspaceRepository(database.dsl());
        workspaces.ensure(BIG, null);
        workspaces.saveName(BIG, "B".repeat(300));
        for (int i = 0; i < 450; i++) {
            workspaces.save(new Member(BIG, "UM" + i, "Teammate number " + i + " " + "x".repeat(40), "UTC", false, Instant.now()));
        }
        for (int i = 0; i < 320; i++) {
            captures.create(BIG, "UM" + i, new Debrief("Event " + i + " " + "e".repeat(200), LocalDate.of(2026, 11, 1 + i % 30), EventKind.MEETUP,
                    List.of(), List.of(contact("Person " + i, "Company " + i + " " + "c".repeat(200), null)), "Idea " + "i".repeat(3000),
                    List.of(new Debrief.ActionItemEntry("Act " + "a".repeat(3000), "UM" + i)), List.of()), CaptureService.Source.FORM, null);
        }

        Digest d = digests.build(BIG, NOVEMBER, POSTED_ON);
        List<LayoutBlock> blocks = DigestBlocks.message(d, true);

        assertWithinBlockKitLimits(blocks);
        keepForTheBlockKitCheck("DigestContentTest-big-team", d, blocks);
        String json = json(blocks).toString();
        assertThat(json).contains("…and 315 more events").contains("…and 315 more companies").contains("more\\n:hourglass");
        assertThat(d.goal().met()).hasSize(320);
        assertThat(DigestBlocks.text(d).length()).isLessThan(40_000);
    }

    /** The message as chat.postMessage would carry it, where ../shared/tools/blockkit/check looks after `mvn verify`. */
    private static void keepForTheBlockKitCheck(String name, Digest d, List<LayoutBlock> blocks) {
        JsonObject message = new JsonObject();
        message.addProperty("channel", "CDIGEST");
        message.addProperty("text", DigestBlocks.text(d));
        message.add("blocks", json(blocks));
        FakeSlack.write(Path.of(System.getProperty("met.payloads.dir", "target/slack-payloads")), name + "-chat.postMessage", message);
    }

    /** Block Kit's documented limits for a message (SLACK.md). */
    static void assertWithinBlockKitLimits(List<LayoutBlock> blocks) {
        JsonArray array = json(blocks);
        assertThat(array.size()).isLessThanOrEqualTo(50);
        for (JsonElement element : array) {
            JsonObject block = element.getAsJsonObject();
            String type = block.get("type").getAsString();
            if (type.equals("header")) {
                assertThat(block.getAsJsonObject("text").get("text").getAsString().length()).isLessThanOrEqualTo(150);
            }
            if (type.equals("section")) {
                if (block.has("text")) {
                    assertThat(block.getAsJsonObject("text").get("text").getAsString().length()).isBetween(1, 3000);
                }
                if (block.has("fields")) {
                    JsonArray fields = block.getAsJsonArray("fields");
                    assertThat(fields.size()).isLessThanOrEqualTo(10);
                    fields.forEach(f -> assertThat(f.getAsJsonObject().get("text").getAsString().length()).isBetween(1, 2000));
                }
            }
        }
    }

    static JsonArray json(List<LayoutBlock> blocks) {
        return GsonFactory.createSnakeCase().toJsonTree(new ArrayList<>(blocks)).getAsJsonArray();
    }
}
