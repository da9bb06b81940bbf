package met.digest;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static met.slack.Mrkdwn.escape;
import static met.slack.Mrkdwn.truncate;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import met.team.ColdContact;
import met.team.Period;
import met.team.TeamNumbers;

/**
 * The digest as people see it: the channel message (Block Kit, with its text fallback), the ephemeral preview,
 * the plain text of {@code met digest preview}, and what /met subscribe and /met unsubscribe answer.
 * Everything users typed (names, events, companies, ideas) is escaped, so a typed {@code <!channel>} pings nobody,
 * and every list is cut to stay far inside Block Kit's limits (50 blocks, 3000 characters a section).
 */
public final class DigestBlocks {
    public static final String LOG_DEBRIEF_ACTION = "met_digest_log_debrief";
    public static final String FOLLOWUPS_ACTION = "met_digest_followups";
    static final String ACTIONS_BLOCK = "digest_actions";
    /** Characters given to each list of teammates in the goal section (a section holds 3000). */
    private static final int NAMES_BUDGET = 1200;
    private static final Pattern SLACK_ID = Pattern.compile("[UW][A-Z0-9]{2,}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter FULL_DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' H:mm", Locale.ENGLISH);

    private DigestBlocks() {
    }

    // --- the digest ---

    public static String title(Digest d) {
        return "Networking digest · " + (d.teamName() == null ? "your team" : d.teamName()) + " · " + d.period().label();
    }

    /** The notification and screen-reader text beside the blocks. */
    public static String text(Digest d) {
        TeamNumbers n = d.numbers();
        return escape(title(d)) + ": " + n.events() + plural(n.events(), " event", " events") + ", "
                + n.newContacts() + plural(n.newContacts(), " new contact", " new contacts") + ", "
                + n.followUpsDone() + " follow-ups done, " + n.followUpsOverdue() + " overdue.";
    }

    /** @param withChart the message goes to a channel with the chart in its thread (a preview has none) */
    public static List<LayoutBlock> message(Digest d, boolean withChart) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText(truncate(title(d), 150)))));
        blocks.add(context(c -> c.elements(List.of(markdownText(span(d) + " · compared with " + previousName(d.period()))))));
        blocks.add(section(s -> s.fields(numberFields(d))));
        if (d.quiet()) {
            blocks.add(section(s -> s.text(markdownText(":seedling: *A quiet " + kindName(d.period()) + ".* Nobody logged a meeting "
                    + (d.partial() ? "yet. " : "in " + d.period().label() + ". ")
                    + "The next event is a good start: type `/met` after it, or press *Log a debrief*."))));
        }
        blocks.add(divider());
        if (d.goal().perTeammate() > 0) {
            blocks.add(section(s -> s.text(markdownText(goal(d.goal())))));
        }
        if (!d.quiet()) {
            blocks.add(section(s -> s.fields(List.of(markdownText(topEvents(d)), markdownText(topCompanies(d))))));
        }
        if (!d.highlights().isEmpty()) {
            blocks.add(section(s -> s.text(markdownText(highlights(d)))));
        }
        blocks.add(section(s -> s.text(markdownText(cold(d)))));
        if (withChart) {
            blocks.add(context(c -> c.elements(List.of(markdownText(":chart_with_upwards_trend: " + chartTitle(d) + ": the chart is in the thread.")))));
        }
        blocks.add(actions(a -> a.blockId(ACTIONS_BLOCK).elements(List.of(
                button(b -> b.actionId(LOG_DEBRIEF_ACTION).text(plainText("Log a debrief")).style("primary").value("digest")),
                button(b -> b.actionId(FOLLOWUPS_ACTION).text(plainText("My follow-ups")).value("digest"))))));
        return blocks;
    }

    private static List<TextObject> numberFields(Digest d) {
        TeamNumbers n = d.numbers();
        TeamNumbers p = d.previous();
        String before = previousName(d.period());
        return List.of(
                field("Events", n.events(), p.events(), before),
                field("Teammates who went out", n.teammatesOut(), p.teammatesOut(), before),
                field("New contacts", n.newContacts(), p.newContacts(), before),
                field("Meetings", n.meetings(), p.meetings(), before),
                field("Follow-ups done", n.followUpsDone(), p.followUpsDone(), before),
                field("Follow-ups overdue", n.followUpsOverdue(), p.followUpsOverdue(), before),
                field("Referrals given", n.referralsGiven(), p.referralsGiven(), before),
                field("Referrals received", n.referralsReceived(), p.referralsReceived(), before));
    }

    private static TextObject field(String label, int now, int before, String beforeName) {
        return markdownText("*" + label + "*\n*" + now + "*  " + delta(now, before) + " (" + beforeName + ": " + before + ")");
    }

    static String delta(int now, int before) {
        int diff = now - before;
        return diff == 0 ? "=" : diff > 0 ? "▲ " + diff : "▼ " + -diff;
    }

    private static String goal(Digest.Goal g) {
        int everyone = g.met().size() + g.notYet().size();
        StringBuilder text = new StringBuilder("*:dart: Monthly goal: " + g.perTeammate() + plural(g.perTeammate(), " event", " events")
                + " per teammate* — " + g.month().label());
        if (everyone == 0) {
            return text.append("\nNobody has logged an event yet. Type `/met` after your next one.").toString();
        }
        text.append("\n:trophy: *").append(g.met().size()).append(" of ").append(everyone).append("* met it");
        if (!g.met().isEmpty()) {
            text.append(": ").append(names(g.met(), NAMES_BUDGET, true));
        }
        if (!g.notYet().isEmpty()) {
            text.append("\n:hourglass_flowing_sand: Not yet: ").append(names(g.notYet(), NAMES_BUDGET, false));
        } else {
            text.append(" — everyone! :tada:");
        }
        return truncate(text.toString(), 3000);
    }

    /** As many names as fit in {@code budget} characters, then "…and 312 more". */
    static String names(List<Digest.Teammate> teammates, int budget, boolean withCounts) {
        StringBuilder list = new StringBuilder();
        int shown = 0;
        for (Digest.Teammate t : teammates) {
            String one = person(t.userId(), t.name()) + (withCounts ? " (" + t.events() + ")" : "");
            if (shown > 0 && list.length() + one.length() + 2 > budget) {
                break;
            }
            list.append(shown > 0 ? ", " : "").append(one);
            shown++;
        }
        if (shown < teammates.size()) {
            list.append(" …and ").append(teammates.size() - shown).append(" more");
        }
        return list.toString();
    }

    /**
     * A teammate by the display name Met cached, so that the channel message pings nobody; one Met has never
     * seen is named by a mention, which Slack shows as their name.
     */
    static String person(String userId, String name) {
        if (name != null && !name.isBlank()) {
            return escape(truncate(name, 60));
        }
        return userId != null && SLACK_ID.matcher(userId).matches() ? "<@" + userId + ">" : "a teammate";
    }

    private static String topEvents(Digest d) {
        StringBuilder text = new StringBuilder("*:calendar: Top events*");
        int i = 1;
        for (Digest.TopEvent e : d.topEvents()) {
            text.append("\n").append(i++).append(". *").append(escape(truncate(e.name(), 120))).append("* · ").append(DAY.format(e.heldOn()))
                    .append(" — ").append(e.meetings()).append(plural(e.meetings(), " meeting", " meetings"))
                    .append(", ").append(e.teammates()).append(plural(e.teammates(), " teammate", " teammates"));
        }
        if (d.topEvents().isEmpty()) {
            text.append("\nNo events logged — only meetings outside events.");
        }
        more(text, d.numbers().events() - d.topEvents().size(), "event", "events");
        return truncate(text.toString(), 2000);
    }

    private static String topCompanies(Digest d) {
        StringBuilder text = new StringBuilder("*:office: Top companies*");
        int i = 1;
        for (Digest.TopCompany c : d.topCompanies()) {
            text.append("\n").append(i++).append(". *").append(escape(truncate(c.name(), 120))).append("* — ")
                    .append(c.people()).append(plural(c.people(), " person", " people"));
        }
        if (d.topCompanies().isEmpty()) {
            text.append("\nNobody met said where they work.");
        }
        more(text, d.companies() - d.topCompanies().size(), "company", "companies");
        return truncate(text.toString(), 2000);
    }

    private static String highlights(Digest d) {
        StringBuilder text = new StringBuilder("*:sparkles: Highlights from debriefs*");
        for (Digest.Highlight h : d.highlights()) {
            String icon = h.kind() == Digest.Highlight.Kind.IDEA ? ":bulb:" : h.done() ? ":white_check_mark:" : ":ballot_box_with_check:";
            String what = escape(truncate(oneLine(h.text()), 300));
            text.append("\n").append(icon).append(" ").append(h.kind() == Digest.Highlight.Kind.IDEA ? "_" + what + "_" : what)
                    .append(" — ").append(person(h.userId(), h.userName()))
                    .append(h.eventName() == null ? "" : ", " + escape(truncate(h.eventName(), 100)));
        }
        return truncate(text.toString(), 3000);
    }

    private static String cold(Digest d) {
        var cold = d.cold();
        if (cold.total() == 0) {
            return ":fire: Nobody is going cold: everyone the team met was in touch within " + cold.afterDays() + " days.";
        }
        StringBuilder text = new StringBuilder("*:snowflake: Going cold* — nobody has met or followed up with them for "
                + cold.afterDays() + " days. A short note keeps the door open:");
        for (ColdContact c : cold.oldest()) {
            text.append("\n• *").append(escape(truncate(c.name(), 100))).append("*")
                    .append(c.company() == null ? "" : ", " + escape(truncate(c.company(), 100)))
                    .append(" — last touch ").append(FULL_DAY.format(c.lastTouch()));
        }
        if (cold.total() > cold.oldest().size()) {
            text.append("\n…and ").append(cold.total() - cold.oldest().size()).append(" more: `/met cold` lists them.");
        }
        return truncate(text.toString(), 3000);
    }

    private static void more(StringBuilder text, int more, String one, String many) {
        if (more > 0) {
            text.append("\n…and ").append(more).append(" more ").append(more == 1 ? one : many);
        }
    }

    // --- the chart ---

    static String chartTitle(Digest d) {
        return "Meetings " + (d.period().isWeek() ? "day by day" : "week by week") + ", " + d.period().label() + " against "
                + d.period().previous().label();
    }

    /** The chart's alt text: the same figures, for screen readers. */
    static String chartAltText(Digest d) {
        StringBuilder alt = new StringBuilder(chartTitle(d)).append(". ");
        Digest.Activity a = d.activity();
        for (int i = 0; i < a.buckets().size(); i++) {
            alt.append(i == 0 ? "" : "; ").append(a.buckets().get(i)).append(": ").append(a.current().get(i))
                    .append(" against ").append(a.previous().get(i));
        }
        return truncate(alt.append('.').toString(), 2000);
    }

    // --- plain text, for `met digest preview` ---

    /** The digest as readable plain text: the same sections as the message, for a terminal. */
    public static String terminalText(Digest d) {
        StringBuilder out = new StringBuilder();
        out.append(title(d)).append('\n').append(span(d)).append(", compared with ").append(previousName(d.period())).append("\n\n");
        TeamNumbers n = d.numbers();
        TeamNumbers p = d.previous();
        String current = d.period().isWeek() ? "this week" : shortName(d.period());
        String before = d.period().isWeek() ? "week before" : shortName(d.period().previous());
        out.append(String.format("  %-24s %10s %12s %8s%n", "", current, before, "change"));
        row(out, "Events", n.events(), p.events());
        row(out, "Teammates who went out", n.teammatesOut(), p.teammatesOut());
        row(out, "New contacts", n.newContacts(), p.newContacts());
        row(out, "Meetings", n.meetings(), p.meetings());
        row(out, "Follow-ups done", n.followUpsDone(), p.followUpsDone());
        row(out, "Follow-ups overdue", n.followUpsOverdue(), p.followUpsOverdue());
        row(out, "Referrals given", n.referralsGiven(), p.referralsGiven());
        row(out, "Referrals received", n.referralsReceived(), p.referralsReceived());
        if (d.quiet()) {
            out.append("\nA quiet ").append(kindName(d.period())).append(": nobody logged a meeting. The next event is a good start.\n");
        }
        Digest.Goal g = d.goal();
        if (g.perTeammate() > 0) {
            out.append("\nMonthly goal: ").append(g.perTeammate()).append(plural(g.perTeammate(), " event", " events"))
                    .append(" per teammate (").append(g.month().label()).append(")\n");
            out.append("  Met it (").append(g.met().size()).append("): ").append(plainNames(g.met(), true)).append('\n');
            out.append("  Not yet (").append(g.notYet().size()).append("): ").append(plainNames(g.notYet(), false)).append('\n');
        }
        if (!d.quiet()) {
            out.append("\nTop events\n");
            int i = 1;
            for (Digest.TopEvent e : d.topEvents()) {
                out.append("  ").append(i++).append(". ").append(oneLine(e.name())).append(" (").append(DAY.format(e.heldOn())).append(") — ")
                        .append(e.meetings()).append(plural(e.meetings(), " meeting", " meetings")).append(", ")
                        .append(e.teammates()).append(plural(e.teammates(), " teammate", " teammates")).append('\n');
            }
            plainMore(out, d.numbers().events() - d.topEvents().size(), "events");
            out.append("\nTop companies\n");
            i = 1;
            for (Digest.TopCompany c : d.topCompanies()) {
                out.append("  ").append(i++).append(". ").append(oneLine(c.name())).append(" — ").append(c.people())
                        .append(plural(c.people(), " person", " people")).append('\n');
            }
            plainMore(out, d.companies() - d.topCompanies().size(), "companies");
        }
        if (!d.highlights().isEmpty()) {
            out.append("\nHighlights from debriefs\n");
            for (Digest.Highlight h : d.highlights()) {
                out.append("  - ").append(h.kind() == Digest.Highlight.Kind.IDEA ? "Idea: " : h.done() ? "Done: " : "To do: ")
                        .append(truncate(oneLine(h.text()), 300)).append(" — ").append(plainPerson(h.userId(), h.userName()))
                        .append(h.eventName() == null ? "" : ", " + oneLine(h.eventName())).append('\n');
            }
        }
        var cold = d.cold();
        out.append("\nGoing cold (no meeting or follow-up for ").append(cold.afterDays()).append(" days): ").append(cold.total()).append('\n');
        for (ColdContact c : cold.oldest()) {
            out.append("  - ").append(oneLine(c.name())).append(c.company() == null ? "" : ", " + oneLine(c.company()))
                    .append(" — last touch ").append(FULL_DAY.format(c.lastTouch())).append('\n');
        }
        plainMore(out, cold.total() - cold.oldest().size(), "");
        Digest.Activity a = d.activity();
        out.append('\n').append(chartTitle(d)).append('\n');
        for (int i = 0; i < a.buckets().size(); i++) {
            out.append(String.format("  %-6s %5d %5d  %s%n", a.buckets().get(i), a.current().get(i), a.previous().get(i),
                    "#".repeat(Math.min(40, a.current().get(i)))));
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String label, int now, int before) {
        int diff = now - before;
        out.append(String.format("  %-24s %10d %12d %8s%n", label, now, before, diff == 0 ? "=" : String.format("%+d", diff)));
    }

    private static String plainNames(List<Digest.Teammate> teammates, boolean withCounts) {
        if (teammates.isEmpty()) {
            return "—";
        }
        List<String> shown = teammates.stream().limit(30)
                .map(t -> plainPerson(t.userId(), t.name()) + (withCounts ? " (" + t.events() + ")" : "")).toList();
        return String.join(", ", shown) + (teammates.size() > shown.size() ? " …and " + (teammates.size() - shown.size()) + " more" : "");
    }

    private static String plainPerson(String userId, String name) {
        return name == null || name.isBlank() ? "@" + userId : oneLine(name);
    }

    private static void plainMore(StringBuilder out, int more, String what) {
        if (more > 0) {
            out.append("  …and ").append(more).append(" more").append(what.isEmpty() ? "" : " " + what).append('\n');
        }
    }

    // --- subscribing ---

    public static String subscribed(String channelId, Cadence cadence, ZoneId zone, Cadence.Due first, boolean wasSubscribed) {
        ZonedDateTime when = first.sendAt().atZone(zone);
        return ":incoming_envelope: " + (wasSubscribed ? "Updated: " : "Done: ") + "<#" + channelId + "> gets the team's "
                + cadence.code() + " networking digest, at 9:00 (" + zone.getId() + ") on the first day of each "
                + (cadence == Cadence.WEEKLY ? "week (Monday)" : "month") + ".\nThe first one comes on *" + WHEN.format(when)
                + "* and covers " + first.covers().label() + ". See this period so far with `/met digest`; stop with `/met unsubscribe`.";
    }

    public static String subscribeUsage() {
        return "Type `/met subscribe` for a monthly digest in this channel, or `/met subscribe weekly` for a weekly one.";
    }

    /** A private channel Met is not in (Slack answers channel_not_found then: Met cannot see it). */
    public static String inviteFirst(String channelId) {
        return ":lock: Met can't post in <#" + channelId + "> yet. If it's a private channel, invite Met first — type `/invite @Met` "
                + "here — then `/met subscribe` again. (Digests can't go to direct messages between people.)";
    }

    public static String archived(String channelId) {
        return ":file_cabinet: <#" + channelId + "> is archived, so Met can't post the digest there. Subscribe another channel.";
    }

    public static String unsubscribed(String channelId, boolean was) {
        return was ? ":wave: <#" + channelId + "> won't get the networking digest any more. `/met subscribe` brings it back."
                : "<#" + channelId + "> isn't subscribed to the digest. `/met subscribe` posts it here every month.";
    }

    public static String digestUsage() {
        return "Type `/met digest` to see the team's networking so far this period (only you see it).";
    }

    /** The DM to whoever subscribed a channel Met can no longer post to: said once, with how to resume. */
    public static String pausedText(String channelId, String error) {
        String why = switch (error) {
            case "is_archived" -> "the channel was archived";
            case "not_in_channel" -> "Met is no longer in the channel";
            default -> "the channel was deleted, or Met was removed from it";
        };
        return ":pause_button: The networking digest for <#" + channelId + "> is paused: " + why + ", so Met can't post there. "
                + "To resume, invite Met back with `/invite @Met` (for a private channel) and type `/met subscribe` in the channel.";
    }

    // --- shared wording ---

    private static String span(Digest d) {
        Period p = d.period();
        LocalDate last = d.partial() ? d.asOf() : p.end().minusDays(1);
        String span = DAY.format(p.start()) + " – " + FULL_DAY.format(last);
        if (d.asOf().isBefore(p.start())) {
            return span + " (not started yet)";
        }
        return d.partial() ? "So far: " + span : span;
    }

    private static String previousName(Period period) {
        return period.isWeek() ? "the week before" : period.previous().label();
    }

    private static String shortName(Period month) {
        return month.label().split(" ")[0];
    }

    private static String kindName(Period period) {
        return period.isWeek() ? "week" : "month";
    }

    private static String plural(int n, String one, String many) {
        return n == 1 ? one : many;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n\\t]+", " ").replaceAll("\\p{Cntrl}", "").strip();
    }
}
