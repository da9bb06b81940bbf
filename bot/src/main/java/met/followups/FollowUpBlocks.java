package met.followups;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.datePicker;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static met.slack.Mrkdwn.escape;
import static met.slack.Mrkdwn.truncate;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import com.slack.api.model.view.Views;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Follow-ups as Slack shows them: in the reminder DM, in /met followups, and the note form. */
public final class FollowUpBlocks {
    public static final String DONE_ACTION = "met_followup_done";
    public static final String SNOOZE_WEEK_ACTION = "met_followup_snooze_week";
    public static final String SNOOZE_UNTIL_ACTION = "met_followup_snooze_until";
    public static final String NOTE_ACTION = "met_followup_note";
    public static final String NOTE_CALLBACK_ID = "met_followup_note_form";
    public static final String NOTE_BLOCK = "note";
    public static final String NOTE_INPUT = "value";
    /**
     * The actions block of each follow-up is "followup_&lt;id&gt;_&lt;ids shown&gt;": every button and the date picker
     * know which follow-up they act on and which the message shows, even on an ephemeral message, whose blocks
     * Slack does not send back.
     */
    static final String BLOCK_PREFIX = "followup_";
    static final int SHOWN = 10;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    private FollowUpBlocks() {
    }

    public static String reminderText(List<FollowUp> due) {
        return due.size() == 1
                ? "Time to follow up with " + escape(due.get(0).contactName())
                : "Time to follow up with " + due.size() + " people you met";
    }

    public static List<LayoutBlock> reminder(List<FollowUp> due, LocalDate today) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(":wave: *Time to follow up.* Networking pays when you get back to people — "
                + (due.size() == 1 ? "here is one for today." : "here are " + due.size() + " for today.")))));
        addItems(blocks, due, today, due.size());
        return blocks;
    }

    public static String listText(int total) {
        return total == 0 ? "You have no follow-ups to do." : "Your follow-ups: " + total;
    }

    public static List<LayoutBlock> list(List<FollowUp> pending, int total, LocalDate today) {
        List<LayoutBlock> blocks = new ArrayList<>();
        if (pending.isEmpty()) {
            blocks.add(section(s -> s.text(markdownText(":sparkles: No follow-ups to do. Add one to a capture with "
                    + "`follow up in 2 weeks`, or pick a date in the debrief form."))));
            return blocks;
        }
        long overdue = pending.stream().filter(f -> f.dueOn().isBefore(today)).count();
        long dueToday = pending.stream().filter(f -> f.dueOn().isEqual(today)).count();
        blocks.add(section(s -> s.text(markdownText("*Your follow-ups* — " + overdue + " overdue, " + dueToday + " due today, "
                + (total - overdue - dueToday) + " coming up."))));
        addItems(blocks, pending, today, total);
        return blocks;
    }

    /** The message again after a button: what changed shows in place of its buttons. */
    public static List<LayoutBlock> refreshed(List<FollowUp> followUps, LocalDate today) {
        List<LayoutBlock> blocks = new ArrayList<>();
        long left = followUps.stream().filter(f -> !f.isDone()).count();
        blocks.add(section(s -> s.text(markdownText(left == 0 ? ":white_check_mark: All done here — nice follow-through."
                : ":wave: *Follow-ups* — " + left + " still to do."))));
        addItems(blocks, followUps, today, followUps.size());
        return blocks;
    }

    private static void addItems(List<LayoutBlock> blocks, List<FollowUp> followUps, LocalDate today, int total) {
        List<FollowUp> shown = followUps.subList(0, Math.min(SHOWN, followUps.size()));
        String all = shown.stream().map(f -> Long.toString(f.id())).collect(java.util.stream.Collectors.joining(","));
        for (FollowUp f : shown) {
            blocks.add(section(s -> s.text(markdownText(describe(f, today)))));
            if (!f.isDone()) {
                String id = Long.toString(f.id());
                blocks.add(actions(a -> a.blockId(BLOCK_PREFIX + id + "_" + all).elements(List.of(
                        button(b -> b.actionId(DONE_ACTION).text(plainText("Done")).style("primary").value(id)),
                        button(b -> b.actionId(SNOOZE_WEEK_ACTION).text(plainText("Snooze a week")).value(id)),
                        datePicker(d -> d.actionId(SNOOZE_UNTIL_ACTION).placeholder(plainText("Snooze…"))),
                        button(b -> b.actionId(NOTE_ACTION).text(plainText("Log a note")).value(id))))));
            }
        }
        if (total > SHOWN) {
            blocks.add(context(c -> c.elements(List.of(markdownText("…and " + (total - SHOWN) + " more: type `/met followups` to see them all.")))));
        }
    }

    private static String describe(FollowUp f, LocalDate today) {
        StringBuilder text = new StringBuilder(f.isDone() ? ":white_check_mark: ~" : "").append("*").append(escape(truncate(f.contactName(), 200))).append("*");
        List<String> about = new ArrayList<>();
        Optional.ofNullable(f.role()).ifPresent(r -> about.add(escape(truncate(r, 150))));
        Optional.ofNullable(f.company()).ifPresent(c -> about.add(escape(truncate(c, 150))));
        if (!about.isEmpty()) {
            text.append(" — ").append(String.join(", ", about));
        }
        if (f.isDone()) {
            return text.append("~  done").toString();
        }
        if (f.metOn() != null) {
            text.append("\nMet ").append(f.eventName() == null ? "" : "at " + escape(truncate(f.eventName(), 150)) + " ")
                    .append("on ").append(DAY.format(f.metOn()));
        }
        text.append(" · ").append(due(f, today));
        if (f.notes() != null) {
            text.append("\n>").append(escape(truncate(f.notes(), 300)).replace("\n", "\n>"));
        }
        return truncate(text.toString(), 3000);
    }

    private static String due(FollowUp f, LocalDate today) {
        long days = ChronoUnit.DAYS.between(today, f.dueOn());
        String snoozed = "snoozed".equals(f.status()) ? "snoozed, " : "";
        if (days < 0) {
            return "*" + snoozed + "overdue since " + DAY.format(f.dueOn()) + "*";
        }
        if (days == 0) {
            return "*" + snoozed + "due today*";
        }
        return snoozed + "due " + DAY.format(f.dueOn()) + (days == 1 ? " (tomorrow)" : "");
    }

    /** "Log a note": what happened when you followed up. The follow-up is marked done with it. */
    public static View noteForm(FollowUp f, String privateMetadata) {
        return Views.view(v -> v.type("modal").callbackId(NOTE_CALLBACK_ID)
                .title(Views.viewTitle(t -> t.type("plain_text").text("Log a note")))
                .submit(Views.viewSubmit(t -> t.type("plain_text").text("Save")))
                .close(Views.viewClose(t -> t.type("plain_text").text("Cancel")))
                .privateMetadata(privateMetadata)
                .blocks(List.of(
                        section(s -> s.text(markdownText("Following up with *" + escape(truncate(f.contactName(), 200)) + "*"
                                + (f.company() == null ? "" : " — " + escape(truncate(f.company(), 200)))))),
                        input(i -> i.blockId(NOTE_BLOCK).label(plainText("What happened?"))
                                .hint(plainText("Saved on the contact for the whole team; the follow-up is marked done."))
                                .element(plainTextInput(p -> p.actionId(NOTE_INPUT).multiline(true).maxLength(3000)
                                        .placeholder(plainText("Had a call; they want a demo in January"))))))));
    }

    /** What an actions block's id says: the follow-up acted on, and all those its message shows. */
    public record Ref(long id, List<Long> shown) {
        public static Optional<Ref> parse(String blockId) {
            if (blockId == null || !blockId.startsWith(BLOCK_PREFIX)) {
                return Optional.empty();
            }
            String[] parts = blockId.substring(BLOCK_PREFIX.length()).split("_", 2);
            try {
                long id = Long.parseLong(parts[0]);
                List<Long> shown = parts.length < 2 || parts[1].isEmpty() ? List.of(id)
                        : java.util.Arrays.stream(parts[1].split(",")).limit(SHOWN).map(Long::parseLong).toList();
                return Optional.of(new Ref(id, shown));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    public static String notYours(String ownerId) {
        return ":lock: This follow-up belongs to <@" + ownerId + ">; only they can change it.";
    }

    public static String gone() {
        return "That follow-up is no longer there (the capture behind it may have been undone).";
    }
}
