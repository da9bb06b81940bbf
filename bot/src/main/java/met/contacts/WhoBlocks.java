package met.contacts;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static met.slack.Mrkdwn.escape;
import static met.slack.Mrkdwn.truncate;

import com.slack.api.model.block.LayoutBlock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import met.contacts.ContactSearch.Acquaintance;
import met.contacts.ContactSearch.Match;
import met.contacts.ContactSearch.Result;
import met.referrals.ReferralBlocks;

/** What {@code /met who} shows, only to the one who asked: who knows whom, when and where, and whom to ask. */
public final class WhoBlocks {
    /** Teammates listed per person; a contact met by the whole team would not fit a section otherwise. */
    static final int ACQUAINTANCES_SHOWN = 5;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final int QUERY_SHOWN = 100;

    private WhoBlocks() {
    }

    public static String usageText() {
        return "Type a company, a name or an email after `/met who` — for example `/met who acme`, `/met who dana lee` "
                + "or `/met who dana@acme.io` — to see which teammates met them, when and where, and whom to ask for an intro.";
    }

    /** The notification text (and what screen readers read); Slack parses it as mrkdwn, so it is escaped too. */
    public static String text(String query, Result result) {
        if (result.matches().isEmpty()) {
            return nobody(query);
        }
        String names = result.matches().stream().map(m -> escape(truncate(m.name(), 100))).collect(Collectors.joining(", "));
        return truncate(headline(query, result) + ": " + names, 3000);
    }

    /** @param viewerId who asked: their own meetings read "You", and they are not told to ask themselves */
    public static List<LayoutBlock> blocks(String query, Result result, String viewerId) {
        List<LayoutBlock> blocks = new ArrayList<>();
        if (result.matches().isEmpty()) {
            blocks.add(section(s -> s.text(markdownText(":mag: " + nobody(query)))));
            blocks.add(context(c -> c.elements(List.of(markdownText(
                    "Try part of a name or a company (`/met who acm` finds Acme), or log someone you met with `/met Dana Lee, Acme`.")))));
            return blocks;
        }
        blocks.add(section(s -> s.text(markdownText(":handshake: *" + headline(query, result) + "*"))));
        for (Match match : result.matches()) {
            // The menu records a referral given to, asked of or received from this person.
            blocks.add(section(s -> s.text(markdownText(describe(match, viewerId))).accessory(ReferralBlocks.menu(match.contactId()))));
        }
        int more = result.total() - result.matches().size();
        if (more > 0) {
            blocks.add(context(c -> c.elements(List.of(markdownText("…and " + more + " more — narrow your search "
                    + "(a full name, or a name and a company).")))));
        }
        return blocks;
    }

    private static String headline(String query, Result result) {
        return result.total() + (result.total() == 1 ? " person" : " people") + " at or named “" + shown(query) + "”";
    }

    private static String nobody(String query) {
        return "Nobody on the team has met anyone matching “" + shown(query) + "” yet.";
    }

    private static String shown(String query) {
        return escape(truncate(query.strip(), QUERY_SHOWN));
    }

    private static String describe(Match match, String viewerId) {
        StringBuilder text = new StringBuilder("*").append(escape(truncate(match.name(), 200))).append("*");
        List<String> about = new ArrayList<>();
        Optional.ofNullable(match.role()).ifPresent(r -> about.add(escape(truncate(r, 150))));
        Optional.ofNullable(match.company()).ifPresent(c -> about.add(escape(truncate(c, 150))));
        if (!about.isEmpty()) {
            text.append(" — ").append(String.join(", ", about));
        }
        List<Acquaintance> met = match.acquaintances();
        for (Acquaintance a : met.subList(0, Math.min(ACQUAINTANCES_SHOWN, met.size()))) {
            text.append("\n").append(a.teammateId().equals(viewerId) ? "You" : mention(a.teammateId())).append(" met them")
                    .append(a.eventName() == null ? "" : " at " + escape(truncate(a.eventName(), 100)))
                    .append(" on ").append(DAY.format(a.lastMet()));
        }
        if (met.size() > ACQUAINTANCES_SHOWN) {
            int others = met.size() - ACQUAINTANCES_SHOWN;
            text.append("\n…and ").append(others).append(others == 1 ? " other teammate" : " other teammates");
        }
        if (match.lastTouch() != null) {
            text.append("\nLast touch: ").append(DAY.format(match.lastTouch()));
        }
        Optional<Acquaintance> ask = met.stream().filter(a -> !a.teammateId().equals(viewerId)).findFirst();
        if (ask.isPresent()) {
            text.append("\nAsk ").append(mention(ask.get().teammateId())).append(" for an intro.");
        } else if (!met.isEmpty()) {
            text.append("\nYou are the one who knows them.");
        }
        // Bounded by the truncations above (about 1,200 characters); the cut is a safety net for section's 3,000.
        return truncate(text.toString(), 3000);
    }

    /** Teammate ids come from Slack (a user_id), never from what someone typed. */
    private static String mention(String userId) {
        return "<@" + userId + ">";
    }
}
