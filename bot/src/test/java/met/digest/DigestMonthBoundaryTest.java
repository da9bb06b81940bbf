package met.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import met.followups.FollowUpBlocks;
import met.team.TeamStats;
import met.testing.FakeSlack;
import met.testing.MetClient.Reply;
import met.testing.MutableClock;
import met.testing.SlackRequests;
import met.testing.TestMet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a digest counts, around the month boundary, in the zones furthest from UTC: a workspace in Apia (UTC+13),
 * where 1 December begins while it is still 30 November in UTC, and one in Honolulu (UTC−10), where 30 November
 * lasts until 10:00 UTC on 1 December. Teammates capture with {@code /met} and press Done through signed requests,
 * Slack's users.info gives each their zone, and the digest posted on 1 December at 9:00 local time must count each
 * capture and follow-up in the teammate's own month, not in UTC's.
 */
class DigestMonthBoundaryTest {
    private static final ZoneId APIA = ZoneId.of("Pacific/Apia");         // UTC+13 all year
    private static final ZoneId HONOLULU = ZoneId.of("Pacific/Honolulu"); // UTC−10 all year
    private static final String APIA_TEAM = "TAPIA";
    private static final String HONOLULU_TEAM = "THONOLULU";
    private static MutableClock clock;
    private static TestMet met;
    private static SlackRequests apia;
    private static SlackRequests honolulu;

    @BeforeAll
    static void start() {
        clock = new MutableClock(Instant.parse("2026-10-15T00:00:00Z"));
        met = TestMet.start("DigestMonthBoundaryTest", clock);
        apia = new SlackRequests(TestMet.SIGNING_SECRET, APIA_TEAM, met.slack()::responseUrl);
        honolulu = new SlackRequests(TestMet.SIGNING_SECRET, HONOLULU_TEAM, met.slack()::responseUrl);
        for (String user : List.of("UAPIAONE", "UAPIATWO")) {
            met.slack().timeZone(user, APIA.getId());
        }
        for (String user : List.of("UHNLONE", "UHNLTWO")) {
            met.slack().timeZone(user, HONOLULU.getId());
        }
    }

    @AfterAll
    static void stop() {
        met.close();
    }

    @Test
    void inApiaACaptureAt0030On1DecemberCountsInDecemberThoughItIsStill30NovemberInUtc() {
        at("2026-10-31T11:30:00Z"); // 00:30 on Sunday 1 November in Apia, still 31 October in UTC
        saved(apia, "UAPIATWO", "Nell First, Firstco @ All Saints Brunch");
        at("2026-11-20T00:00:00Z");
        saved(apia, "UAPIAONE", "Fay Follow, Fupco @ Apia Breakfast — follow up on 2026-11-25");
        new DigestService(met.db(), new TeamStats(met.db())).subscribe(APIA_TEAM, "CAPIA", Cadence.MONTHLY, APIA, "UAPIAONE", clock.instant());
        at("2026-11-30T10:30:00Z"); // 23:30 on 30 November in Apia
        saved(apia, "UAPIATWO", "Nina Late, Novco @ Last Night of November");

        at("2026-11-30T11:30:00Z"); // 00:30 on 1 December in Apia, 30 November in UTC
        saved(apia, "UAPIAONE", "Dora Early, Decco @ First Light Mixer");
        done(apia, "UAPIAONE", "Fay Follow");
        String december = met.post(apia.slashCommand("UAPIAONE", "digest")).json().get("blocks").toString();

        assertThat(december).contains("December 2026").contains("First Light Mixer").doesNotContain("Last Night of November");
        assertThat(number(december, "Events")).isEqualTo(1);
        assertThat(number(december, "Follow-ups done")).isEqualTo(1);

        at("2026-11-30T20:00:00Z"); // 9:00 on 1 December in Apia: November's digest is due
        assertThat(met.met().digests().runOnce()).isEqualTo(1);
        String november = postedTo("CAPIA");

        assertThat(november).contains("November 2026").contains("compared with October 2026")
                .contains("All Saints Brunch").contains("Apia Breakfast").contains("Last Night of November")
                .doesNotContain("First Light Mixer").doesNotContain("Decco");
        assertThat(number(november, "Events")).isEqualTo(3);
        assertThat(number(november, "Meetings")).isEqualTo(3);
        assertThat(number(november, "New contacts")).isEqualTo(3);
        assertThat(previous(november, "Events")).isZero();
        assertThat(number(november, "Follow-ups done")).as("Fay's follow-up was done on 1 December in Apia").isZero();
    }

    @Test
    void inHonoluluACaptureAt1900On30NovemberCountsInNovemberThoughItIsAlready1DecemberInUtc() {
        at("2026-11-01T09:30:00Z"); // 23:30 on 31 October in Honolulu, 1 November in UTC
        saved(honolulu, "UHNLTWO", "Otto Autumn, Octco @ Halloween Hula");
        at("2026-11-20T00:00:00Z");
        saved(honolulu, "UHNLONE", "Hal Follow, Hupco @ Honolulu Breakfast — follow up on 2026-11-25");
        new DigestService(met.db(), new TeamStats(met.db())).subscribe(HONOLULU_TEAM, "CHONOLULU", Cadence.MONTHLY, HONOLULU, "UHNLONE",
                clock.instant());

        at("2026-12-01T05:00:00Z"); // 19:00 on 30 November in Honolulu, 1 December in UTC
        saved(honolulu, "UHNLONE", "Hana Late, Hnlco @ Sunset Social");
        done(honolulu, "UHNLONE", "Hal Follow");
        at("2026-12-01T10:30:00Z"); // 00:30 on 1 December in Honolulu
        saved(honolulu, "UHNLTWO", "Dale Early, Decco @ Midnight Luau");

        at("2026-12-01T18:59:00Z");
        assertThat(met.met().digests().runOnce()).as("8:59 in Honolulu: not yet").isZero();
        at("2026-12-01T19:00:00Z"); // 9:00 on 1 December in Honolulu
        assertThat(met.met().digests().runOnce()).isEqualTo(1);
        String november = postedTo("CHONOLULU");

        assertThat(november).contains("November 2026").contains("Honolulu Breakfast").contains("Sunset Social")
                .doesNotContain("Midnight Luau").doesNotContain("Decco").doesNotContain("Halloween Hula");
        assertThat(number(november, "Events")).isEqualTo(2);
        assertThat(number(november, "Meetings")).isEqualTo(2);
        assertThat(number(november, "Teammates who went out")).isEqualTo(1);
        assertThat(previous(november, "Events")).as("Otto was met on 31 October in Honolulu").isEqualTo(1);
        assertThat(number(november, "Follow-ups done")).as("Hal's follow-up was done on 30 November in Honolulu").isEqualTo(1);
    }

    private static void at(String instant) {
        clock.set(Instant.parse(instant));
    }

    private static void saved(SlackRequests team, String user, String capture) {
        Reply reply = met.post(team.slashCommand(user, capture));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("text").getAsString()).as(capture).startsWith("Saved");
    }

    /** Presses Done on the teammate's follow-up with {@code person}, as listed by {@code /met followups}. */
    private static void done(SlackRequests team, String user, String person) {
        JsonArray blocks = met.post(team.slashCommand(user, "followups")).json().getAsJsonArray("blocks");
        String blockId = null;
        for (int i = 0; i + 1 < blocks.size() && blockId == null; i++) {
            JsonObject next = blocks.get(i + 1).getAsJsonObject();
            if (blocks.get(i).toString().contains(person) && next.get("type").getAsString().equals("actions")) {
                blockId = next.get("block_id").getAsString();
            }
        }
        assertThat(blockId).as("Done for " + person + " in " + blocks).isNotNull();
        String id = blockId.substring("followup_".length()).split("_")[0];
        assertThat(met.post(team.blockAction(user, FollowUpBlocks.DONE_ACTION, blockId, id, null)).status()).isEqualTo(200);
    }

    private static String postedTo(String channel) {
        List<FakeSlack.Call> posts = met.slack().calls("chat.postMessage").stream().filter(c -> channel.equals(c.arg("channel"))).toList();
        assertThat(posts).hasSize(1);
        return posts.get(0).arg("blocks");
    }

    /** A number of the digest's period, read from its field ("*Events*\n*3*  ▲ 2 (October 2026: 1)"). */
    private static int number(String blocks, String label) {
        return Integer.parseInt(field(blocks, label).group(1));
    }

    /** The same number for the period before. */
    private static int previous(String blocks, String label) {
        return Integer.parseInt(field(blocks, label).group(2));
    }

    private static Matcher field(String blocks, String label) {
        Pattern pattern = Pattern.compile("^\\*" + Pattern.quote(label) + "\\*\\n\\*(\\d+)\\*.*: (\\d+)\\)$");
        for (JsonElement block : JsonParser.parseString(blocks).getAsJsonArray()) {
            JsonArray fields = block.getAsJsonObject().getAsJsonArray("fields");
            for (int i = 0; fields != null && i < fields.size(); i++) {
                Matcher m = pattern.matcher(fields.get(i).getAsJsonObject().get("text").getAsString());
                if (m.matches()) {
                    return m;
                }
            }
        }
        throw new AssertionError("no field " + label + " in " + blocks);
    }
}
