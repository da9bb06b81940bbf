package met.privacy;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static met.slack.Mrkdwn.escape;
import static met.slack.Mrkdwn.truncate;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import com.slack.api.model.block.element.ButtonElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import met.privacy.ErasureService.Candidate;

/** What admins see of export and erasure, and what everyone else is told. */
public final class PrivacyBlocks {
    public static final String ERASE_ACTION = "met_forget_erase";
    public static final String CANCEL_ACTION = "met_forget_cancel";
    static final String ACTIONS_BLOCK = "met_forget_actions";
    static final String CANDIDATE_BLOCK = "met_forget_contact_";
    private static final String FOREVER = "This cannot be undone.";

    private PrivacyBlocks() {
    }

    // --- who may ---

    /** @param what "export the team's data" or "erase contacts" */
    static String refused(String what, Set<String> configured) {
        String others = configured.isEmpty() ? ""
                : " and " + configured.stream().sorted().map(id -> "<@" + id + ">").collect(Collectors.joining(", "));
        return ":lock: Only the workspace's admins and owners" + others + " can " + what
                + " with Met. Ask one of them, or ask whoever runs Met to add you to MET_ADMINS.";
    }

    static String unverified() {
        return ":hourglass: Met couldn't check with Slack that you are a workspace admin just now, so nothing was done. "
                + "Try again in a minute.";
    }

    // --- export ---

    static String preparing() {
        return ":package: Preparing your export… Met will send the CSV files to you in a direct message in a moment.";
    }

    static String exportComment(ExportService.Counts counts) {
        return "Your Met export: " + counts(counts) + " of this workspace, as CSV (UTF-8; contact_id joins the files). "
                + "It holds personal data about the people your team met: keep it safe and delete it when done.";
    }

    static String exportSent(ExportService.Counts counts) {
        return ":inbox_tray: Your export (" + counts(counts) + ") is in your direct messages with Met.";
    }

    static String exportFailed() {
        return ":warning: Met couldn't send your export just now; nothing was shared. Try `/met export` again in a minute.";
    }

    private static String counts(ExportService.Counts c) {
        return plural(c.contacts(), "contact") + ", " + plural(c.meetings(), "meeting") + ", "
                + plural(c.followUps(), "follow-up") + " and " + plural(c.referrals(), "referral");
    }

    // --- erasure ---

    static String forgetUsage() {
        return "Say whom to erase: `/met forget Dana Lee` (part of a name, an email or a company). Met shows what would "
                + "go and asks before erasing anything.";
    }

    static String noMatch(String typed) {
        return "No contact matches “" + escape(truncate(typed, 100)) + "”. Nothing was erased.";
    }

    static String confirmationText(ErasureService.Matches matches) {
        return matches.shown().size() == 1
                ? "Erase " + escape(truncate(matches.shown().get(0).name(), 200)) + " and everything about them?"
                : matches.shown().size() + (matches.more() ? "+" : "") + " contacts match: choose whom to erase.";
    }

    static List<LayoutBlock> confirmation(String typed, ErasureService.Matches matches) {
        List<LayoutBlock> blocks = new ArrayList<>();
        if (matches.shown().size() == 1) {
            Candidate c = matches.shown().get(0);
            blocks.add(section(s -> s.blockId(CANDIDATE_BLOCK + c.contactId()).text(markdownText(
                    ":wastebasket: *Erase " + name(c) + "?*" + about(c) + "\nThis deletes, for the whole team:\n"
                            + "• " + String.join("\n• ", whatGoes(c)) + metBy(c)))));
            blocks.add(context(x -> x.elements(List.of(markdownText(keeps())))));
            blocks.add(actions(a -> a.blockId(ACTIONS_BLOCK).elements(List.of(eraseButton(c), cancelButton()))));
            return blocks;
        }
        blocks.add(section(s -> s.text(markdownText(":wastebasket: " + (matches.more() ? "More than " + ErasureService.SHOWN : matches.shown().size())
                + " contacts match “" + escape(truncate(typed, 100)) + "”. Erase one at a time:"))));
        for (Candidate c : matches.shown()) {
            String summary = "*" + name(c) + "*" + about(c) + "\n" + String.join(" · ", whatGoes(c)) + metBy(c);
            blocks.add(section(s -> s.blockId(CANDIDATE_BLOCK + c.contactId()).text(markdownText(truncate(summary, 3000)))
                    .accessory(eraseButton(c))));
        }
        if (matches.more()) {
            blocks.add(context(x -> x.elements(List.of(markdownText("Only the first " + ErasureService.SHOWN
                    + " are shown: type more of the name, or their email, to find the others.")))));
        }
        blocks.add(context(x -> x.elements(List.of(markdownText(keeps())))));
        blocks.add(actions(a -> a.blockId(ACTIONS_BLOCK).elements(List.of(cancelButton()))));
        return blocks;
    }

    static String erasedText(ErasureService.Erased erased) {
        return "Erased " + escape(truncate(erased.name(), 200)) + ".";
    }

    static List<LayoutBlock> erased(ErasureService.Erased e) {
        String went = "the contact, " + plural(e.meetings(), "meeting") + " with their notes, " + plural(e.followUps(), "follow-up")
                + " and " + plural(e.referrals(), "referral");
        return List.of(
                section(s -> s.text(markdownText(":white_check_mark: Erased *" + escape(truncate(e.name(), 200)) + "*: " + went + "."))),
                context(c -> c.elements(List.of(markdownText("Audit record `" + e.erasureId() + "` keeps who erased, when and how "
                        + "much — nothing about the person. Other contacts that matched are untouched.")))));
    }

    static String cancelledText() {
        return "Cancelled: nothing was erased.";
    }

    static List<LayoutBlock> cancelled() {
        return List.of(section(s -> s.text(markdownText(":x: " + cancelledText()))));
    }

    static String gone() {
        return "That contact is no longer in Met's memory (already erased, or never in this workspace): nothing more to erase.";
    }

    private static ButtonElement eraseButton(Candidate c) {
        String who = truncate(c.name(), 60);
        return button(b -> b.actionId(ERASE_ACTION).text(plainText("Erase")).style("danger").value(Long.toString(c.contactId()))
                .confirm(ConfirmationDialogObject.builder()
                        .title(plainText("Erase " + truncate(c.name(), 40) + "?"))
                        .text(plainText(truncate("This deletes " + who + ", " + plural(c.meetings(), "meeting") + " with their notes, "
                                + plural(c.followUps(), "follow-up") + " and " + plural(c.referrals(), "referral")
                                + ", for the whole team. " + FOREVER, 300)))
                        .confirm(plainText("Erase"))
                        .deny(plainText("Keep"))
                        .style("danger")
                        .build()));
    }

    private static ButtonElement cancelButton() {
        return button(b -> b.actionId(CANCEL_ACTION).text(plainText("Cancel")).value("cancel"));
    }

    private static String name(Candidate c) {
        return escape(truncate(c.name(), 200));
    }

    private static String about(Candidate c) {
        List<String> about = new ArrayList<>();
        if (c.role() != null) {
            about.add(escape(truncate(c.role(), 100)));
        }
        if (c.company() != null) {
            about.add(escape(truncate(c.company(), 100)));
        }
        String text = String.join(", ", about);
        if (c.email() != null) {
            text += (text.isEmpty() ? "" : " · ") + escape(truncate(c.email(), 100));
        }
        return text.isEmpty() ? "" : " — " + text;
    }

    private static List<String> whatGoes(Candidate c) {
        return List.of("the contact", plural(c.meetings(), "meeting") + " with their notes", plural(c.followUps(), "follow-up"),
                plural(c.referrals(), "referral"));
    }

    private static String metBy(Candidate c) {
        return c.teammates().isEmpty() ? ""
                : "\nMet by " + c.teammates().stream().limit(20).map(id -> "<@" + id + ">").collect(Collectors.joining(", "))
                + (c.teammates().size() > 20 ? " and " + (c.teammates().size() - 20) + " more" : "") + ".";
    }

    private static String keeps() {
        return "Events and debriefs stay (they are your teammates' record and may name others); the line a quick capture "
                + "kept as typed is cleared. An audit record keeps who erased, when and how much, nothing about the person. "
                + FOREVER;
    }

    static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
