package met.capture;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static met.slack.Mrkdwn.escape;
import static met.slack.Mrkdwn.truncate;

import com.slack.api.model.block.LayoutBlock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import met.referrals.ReferralBlocks;

/** What a teammate sees after saving: exactly what was stored, who else knows the person, and Edit / Undo. */
public final class CaptureBlocks {
    public static final String EDIT_ACTION = "met_capture_edit";
    public static final String DETAILS_ACTION = "met_capture_details";
    public static final String UNDO_ACTION = "met_capture_undo";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final int NOTES_SHOWN = 600;

    private CaptureBlocks() {
    }

    /** The notification text of the confirmation (and what screen readers read). */
    public static String confirmationText(Saved saved) {
        // Slack parses a message's text as mrkdwn too: escaped like the blocks, so a typed <!channel> notifies nobody.
        String names = saved.contacts().stream().map(c -> escape(c.entry().name())).collect(Collectors.joining(", "));
        return truncate("Saved: " + names + (saved.eventName() == null ? "" : " @ " + escape(saved.eventName())), 3000);
    }

    public static List<LayoutBlock> confirmation(Saved saved, LocalDate today) {
        List<LayoutBlock> blocks = new ArrayList<>();
        if (saved.eventName() != null || saved.contacts().size() > 1) {
            String where = saved.eventName() == null ? "" : " at *" + escape(saved.eventName()) + "*";
            blocks.add(section(s -> s.text(markdownText(":white_check_mark: Saved your debrief" + where + " on " + DAY.format(saved.metOn())
                    + " — " + saved.contacts().size() + (saved.contacts().size() == 1 ? " person." : " people.")))));
        }
        boolean single = saved.contacts().size() == 1 && saved.eventName() == null;
        for (Saved.SavedContact contact : saved.contacts()) {
            // The menu records a referral given to, asked of or received from this person.
            blocks.add(section(s -> s.text(markdownText((single ? ":white_check_mark: Saved " : "") + describe(contact, today, saved)))
                    .accessory(ReferralBlocks.menu(contact.contactId()))));
            if (!contact.metBefore().isEmpty()) {
                blocks.add(context(c -> c.elements(List.of(markdownText(warmIntro(contact))))));
            }
        }
        String id = Long.toString(saved.debriefId());
        blocks.add(actions(a -> a.blockId("met_capture_actions").elements(List.of(
                button(b -> b.actionId(EDIT_ACTION).text(plainText("Edit")).value(id)),
                button(b -> b.actionId(DETAILS_ACTION).text(plainText("Add details")).value(id)),
                button(b -> b.actionId(UNDO_ACTION).text(plainText("Undo")).style("danger").value(id))))));
        return blocks;
    }

    private static String describe(Saved.SavedContact contact, LocalDate today, Saved saved) {
        Debrief.ContactEntry e = contact.entry();
        StringBuilder text = new StringBuilder("*").append(escape(truncate(e.name(), 200))).append("*");
        List<String> about = new ArrayList<>();
        if (e.role() != null) {
            about.add(escape(truncate(e.role(), 200)));
        }
        if (e.company() != null) {
            about.add(escape(truncate(e.company(), 200)));
        }
        if (!about.isEmpty()) {
            text.append(" — ").append(String.join(", ", about));
        }
        if (contact.isNew()) {
            text.append("  _new to the team_");
        } else if (!contact.knownAs().equals(e.name())) {
            text.append("  _(the team knows them as *").append(escape(truncate(contact.knownAs(), 200))).append("*)_");
        }
        if (saved.eventName() != null && saved.contacts().size() == 1) {
            text.append("\n:round_pushpin: ").append(escape(truncate(saved.eventName(), 200))).append(", ").append(DAY.format(saved.metOn()));
        }
        if (e.email() != null) {
            text.append("\n:email: ").append(escape(truncate(e.email(), 254)));
        }
        if (e.profileUrl() != null) {
            text.append("\n:link: ").append(escape(truncate(e.profileUrl(), 500)));
        }
        if (e.notes() != null) {
            text.append("\n>").append(escape(truncate(e.notes(), NOTES_SHOWN)).replace("\n", "\n>"));
        }
        if (e.followUp() != null) {
            text.append("\n:alarm_clock: Follow up on ").append(DAY.format(e.followUp())).append(" (").append(relative(e.followUp(), today))
                    .append(") — I'll remind you at 9:00 your time.");
        }
        return truncate(text.toString(), 3000);
    }

    private static String warmIntro(Saved.SavedContact contact) {
        String first = firstName(contact.knownAs());
        List<String> lines = new ArrayList<>();
        for (Saved.PriorMeeting m : contact.metBefore()) {
            lines.add("<@" + m.teammateId() + "> met " + first + (m.eventName() == null ? "" : " at " + escape(truncate(m.eventName(), 100)))
                    + " on " + DAY.format(m.metOn()));
        }
        return truncate(":handshake: " + String.join("; ", lines) + " — ask them for a warm introduction.", 3000);
    }

    private static String firstName(String name) {
        String first = name.strip().split("\\s+", 2)[0];
        return escape(truncate(first, 60));
    }

    static String relative(LocalDate day, LocalDate today) {
        long days = ChronoUnit.DAYS.between(today, day);
        if (days == 0) {
            return "today";
        }
        if (days == 1) {
            return "tomorrow";
        }
        if (days % 7 == 0 && days <= 56) {
            return "in " + days / 7 + (days == 7 ? " week" : " weeks");
        }
        return "in " + days + " days";
    }

    public static String undone(Saved removed) {
        String names = removed.contacts().stream().map(c -> "*" + escape(truncate(c.entry().name(), 200)) + "*").collect(Collectors.joining(", "));
        return truncate(":leftwards_arrow_with_hook: Undone: " + (names.isEmpty() ? "the debrief" : names)
                + (removed.eventName() == null ? "" : " at " + escape(truncate(removed.eventName(), 200)))
                + " is no longer in the team's memory.", 3000);
    }

    public static String notYours(String authorId) {
        return ":lock: Only <@" + authorId + ">, who recorded this, can change or undo it.";
    }

    public static String gone() {
        return "That debrief is no longer there (it may have been undone already).";
    }

    /** Shown when a quick capture opened the form instead of guessing. */
    public static String openedForm(List<String> reasons) {
        return ":pencil: " + escape(String.join(" ", reasons)) + " I opened the debrief form with what I understood — check it and press Save.";
    }

    /** A quick capture (or /met alone) while the database does not answer; what was typed follows. */
    public static String databaseUnavailable() {
        return ":warning: Met couldn't reach its database just now, so this was not saved. Please send it again in a minute.";
    }

    public static String busy() {
        return ":hourglass: Met is very busy right now and couldn't save this in time, so nothing was saved. Please send it again in a moment.";
    }

    public static String formFailed() {
        return ":warning: I couldn't open the debrief form (Slack didn't let me in time). Nothing was saved — please type `/met` again.";
    }
}
