package met.help;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.LayoutBlock;
import java.util.List;
import met.slack.Mrkdwn;

/** What {@code /met help} shows: every verb of the grammar, with an example a user can copy. */
public final class HelpBlocks {
    /** The usage lines, also the notification and screen-reader text of the message. */
    static final List<String> USAGE = List.of(
            "`/met Dana Lee, Acme Robotics, CTO @ DevConf 2026 — wants an API pilot; follow up in 2 weeks` — log who you met, in one line",
            "`/met` — open the debrief form: the event, who was there, everyone you met, ideas, action items and referrals",
            "`/met who acme` — find which teammates know someone at a company (or a person, by name or email), for a warm introduction",
            "`/met followups` — your follow-ups, due and overdue first",
            "`/met cold` — people nobody on the team has been in touch with for 90 days",
            "`/met digest` — the team's networking so far this period, just for you (`/met digest preview` too)",
            "`/met subscribe [weekly|monthly]` — post the team digest to this channel (monthly by default)",
            "`/met unsubscribe` — stop posting the digest to this channel",
            "`/met export` — the team's contacts, meetings, follow-ups and referrals as CSV (admins)",
            "`/met forget <contact>` — erase a contact and everything about them (admins)",
            "`/met help` — this help");

    private static final String CAPTURE_TIPS = "*Quick capture:* name first, then `, company`, `, role`, `@ event` (or `at event`), "
            + "notes after `—`, `-` or `:`, an email or profile URL anywhere, and `follow up in 2 weeks`, "
            + "`follow up on 2026-12-09`, `follow up tomorrow` or `follow up next monday`. "
            + "If Met is unsure, it opens the form with what it understood, so nothing you typed is lost.";

    private HelpBlocks() {
    }

    public static String usageText() {
        return "Met — your team's networking memory. Usage:\n" + String.join("\n", USAGE);
    }

    public static List<LayoutBlock> usage() {
        return List.of(
                header(h -> h.text(plainText("Met — your team's networking memory"))),
                section(s -> s.text(markdownText("Debrief after every event, follow up, give and ask for referrals, "
                        + "and keep a monthly rhythm. Here is everything `/met` does:"))),
                section(s -> s.text(markdownText("• " + String.join("\n• ", USAGE)))),
                divider(),
                context(c -> c.elements(List.of(markdownText(CAPTURE_TIPS)))));
    }

    public static String unknownText(String typed) {
        return "I don't know `/met " + Mrkdwn.escape(Mrkdwn.truncate(typed, 100)) + "`. To log someone you met, start with their name "
                + "(`/met Dana Lee, Acme`); type `/met help` to see everything Met can do.";
    }

}
