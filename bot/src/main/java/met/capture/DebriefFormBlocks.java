package met.capture;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.RichTextBlock;
import com.slack.api.model.block.element.RichTextInputElement;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.Views;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.datePicker;
import static com.slack.api.model.block.element.BlockElements.emailTextInput;
import static com.slack.api.model.block.element.BlockElements.multiUsersSelect;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static com.slack.api.model.block.element.BlockElements.urlTextInput;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

/**
 * Builds the debrief modal.
 *
 * <p>Every block id is a constant (or {@link #contactBlockId}) and every input's action id is {@link #ACTION_ID}, whatever
 * the number of contact rows: {@code views.update} keeps what the user typed only when both stay the same.
 *
 * <p>Prefill mapping worth knowing: action items show their text only (owners are not written back into the text);
 * {@link Debrief.ReferralDirection#RECEIVED RECEIVED} referrals appear in "Referrals given" as {@code received: …} lines,
 * which {@link DebriefFormReader} reads back as RECEIVED.
 */
public final class DebriefFormBlocks {
    public static final String CALLBACK_ID = "met_debrief";
    public static final String ADD_CONTACT_ACTION = "met_debrief_add_contact";

    /** The action id of every input element in the form. */
    public static final String ACTION_ID = "value";

    public static final String NOTES_BLOCK = "form_notes";
    public static final String EVENT_NAME_BLOCK = "event_name";
    public static final String EVENT_DATE_BLOCK = "event_date";
    public static final String EVENT_KIND_BLOCK = "event_kind";
    public static final String TEAMMATES_BLOCK = "teammates";
    public static final String ADD_CONTACT_BLOCK = "add_contact";
    public static final String IDEAS_BLOCK = "ideas";
    public static final String ACTION_ITEMS_BLOCK = "action_items";
    public static final String REFERRALS_GIVEN_BLOCK = "referrals_given";
    public static final String REFERRALS_ASKED_BLOCK = "referrals_asked";

    /** Field parts of {@link #contactBlockId}. */
    public static final String CONTACT_HEADER = "header";
    public static final String CONTACT_NAME = "name";
    public static final String CONTACT_COMPANY = "company";
    public static final String CONTACT_ROLE = "role";
    public static final String CONTACT_EMAIL = "email";
    public static final String CONTACT_PROFILE_URL = "profile_url";
    public static final String CONTACT_NOTES = "notes";
    public static final String CONTACT_FOLLOW_UP = "follow_up";

    /** Prefix a line of "Referrals given" carries for a referral received. */
    public static final String RECEIVED_PREFIX = "received:";

    static final int MAX_EVENT_NAME = 200;
    static final int MAX_SHORT_TEXT = 200;
    static final int MAX_LONG_TEXT = 3000;
    static final int MAX_EMAIL = 254;
    static final int MAX_URL = 2000;
    // Slack allows 3000 per mrkdwn text object; the notes are meant to be a sentence or two anyway.
    private static final int MAX_NOTES_TEXT = 3000;

    private DebriefFormBlocks() {
    }

    /** {@code contact_<row>_<field>}, e.g. {@code contact_1_name}; rows count from 1. */
    public static String contactBlockId(int row, String field) {
        return "contact_" + row + "_" + field;
    }

    /**
     * @param prefill  what the form starts with, or null for an empty form
     * @param metadata becomes private_metadata; if the prefill has more contacts than {@code contactRows}, the form shows
     *                 them all and the metadata it carries says so
     * @param notes    short sentences shown at the top (escaped here); null or empty for none
     */
    public static View view(Debrief prefill, FormMetadata metadata, List<String> notes) {
        FormMetadata meta = metadata == null ? new FormMetadata(null, null, 1) : metadata;
        List<Debrief.ContactEntry> contacts = prefill == null ? List.of() : prefill.contacts();
        FormMetadata shown = meta.withContactRows(Math.max(meta.contactRows(), contacts.size()));

        List<LayoutBlock> blocks = new ArrayList<>();
        notesBlock(notes).ifPresent(blocks::add);
        addEventBlocks(blocks, prefill);
        for (int row = 1; row <= shown.contactRows(); row++) {
            addContactBlocks(blocks, row, row <= contacts.size() ? contacts.get(row - 1) : null);
        }
        if (shown.contactRows() < Debrief.MAX_CONTACTS) {
            blocks.add(actions(a -> a.blockId(ADD_CONTACT_BLOCK).elements(List.of(
                    button(b -> b.actionId(ADD_CONTACT_ACTION).text(plainText("Add another contact")))))));
        }
        addOutcomeBlocks(blocks, prefill);

        String title = shown.editingDebriefId() == null ? "Debrief" : "Edit debrief";
        return Views.view(v -> v
                .type("modal")
                .callbackId(CALLBACK_ID)
                .title(viewTitle(t -> t.type("plain_text").text(title)))
                .submit(viewSubmit(s -> s.type("plain_text").text("Save")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .privateMetadata(shown.toJson())
                .blocks(blocks));
    }

    private static Optional<LayoutBlock> notesBlock(List<String> notes) {
        if (notes == null) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        for (String note : notes) {
            if (note == null || note.isBlank()) {
                continue;
            }
            String escaped = escapeMrkdwn(note.strip());
            int needed = (text.length() == 0 ? 0 : 1) + escaped.length();
            if (text.length() + needed > MAX_NOTES_TEXT) {
                break; // drop whole notes rather than cut an entity like &amp; in half
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(escaped);
        }
        if (text.length() == 0) {
            return Optional.empty();
        }
        String mrkdwn = text.toString();
        return Optional.of(context(c -> c.blockId(NOTES_BLOCK).elements(List.of(markdownText(mrkdwn)))));
    }

    private static void addEventBlocks(List<LayoutBlock> blocks, Debrief prefill) {
        String eventName = prefill == null ? null : prefill.eventName();
        LocalDate eventDate = prefill == null ? null : prefill.eventDate();
        EventKind kind = prefill == null || prefill.eventKind() == null ? EventKind.OTHER : prefill.eventKind();
        List<String> teammates = prefill == null ? List.of() : prefill.teammates().stream()
                .filter(id -> !id.isBlank()).distinct().collect(Collectors.toList());

        blocks.add(textInput(EVENT_NAME_BLOCK, "Event", "DevConf 2026", null, false, MAX_EVENT_NAME, eventName));
        blocks.add(input(i -> i.blockId(EVENT_DATE_BLOCK).label(plainText("Date")).optional(false)
                .element(datePicker(d -> d.actionId(ACTION_ID)
                        .initialDate(eventDate == null ? null : eventDate.toString())))));

        List<OptionObject> options = new ArrayList<>();
        OptionObject initial = null;
        for (EventKind k : EventKind.values()) {
            OptionObject o = option(plainText(k.label()), k.code());
            options.add(o);
            if (k == kind) {
                initial = o;
            }
        }
        OptionObject initialOption = initial;
        blocks.add(input(i -> i.blockId(EVENT_KIND_BLOCK).label(plainText("Kind")).optional(false)
                .element(staticSelect(s -> s.actionId(ACTION_ID).options(options).initialOption(initialOption)))));

        blocks.add(input(i -> i.blockId(TEAMMATES_BLOCK).label(plainText("Teammates who were there")).optional(true)
                .element(multiUsersSelect(m -> m.actionId(ACTION_ID)
                        .initialUsers(teammates.isEmpty() ? null : teammates)))));
    }

    private static void addContactBlocks(List<LayoutBlock> blocks, int row, Debrief.ContactEntry contact) {
        blocks.add(header(h -> h.blockId(contactBlockId(row, CONTACT_HEADER)).text(plainText("Contact " + row))));
        blocks.add(textInput(contactBlockId(row, CONTACT_NAME), "Name", null, null, false, MAX_SHORT_TEXT,
                contact == null ? null : contact.name()));
        blocks.add(textInput(contactBlockId(row, CONTACT_COMPANY), "Company", null, null, false, MAX_SHORT_TEXT,
                contact == null ? null : contact.company()));
        blocks.add(textInput(contactBlockId(row, CONTACT_ROLE), "Role", null, null, false, MAX_SHORT_TEXT,
                contact == null ? null : contact.role()));

        String email = contact == null ? null : cut(contact.email(), MAX_EMAIL);
        blocks.add(optionalInput(contactBlockId(row, CONTACT_EMAIL), "Email", null,
                emailTextInput(e -> e.actionId(ACTION_ID).initialValue(email))));

        String url = contact == null ? null : cut(contact.profileUrl(), MAX_URL);
        blocks.add(optionalInput(contactBlockId(row, CONTACT_PROFILE_URL), "Profile URL", null,
                urlTextInput(u -> u.actionId(ACTION_ID).initialValue(url))));

        blocks.add(textInput(contactBlockId(row, CONTACT_NOTES), "Notes", null, null, true, MAX_LONG_TEXT,
                contact == null ? null : contact.notes()));

        LocalDate followUp = contact == null ? null : contact.followUp();
        blocks.add(optionalInput(contactBlockId(row, CONTACT_FOLLOW_UP), "Follow up on", null,
                datePicker(d -> d.actionId(ACTION_ID).initialDate(followUp == null ? null : followUp.toString()))));
    }

    private static void addOutcomeBlocks(List<LayoutBlock> blocks, Debrief prefill) {
        String ideas = prefill == null ? null : prefill.ideas();
        List<String> given = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        if (prefill != null) {
            for (Debrief.ReferralEntry r : prefill.referrals()) {
                if (r.direction() == null) {
                    continue;
                }
                switch (r.direction()) {
                    case GIVEN -> given.add(r.note());
                    case RECEIVED -> given.add(r.note() == null ? null : RECEIVED_PREFIX + " " + r.note().strip());
                    case ASKED -> asked.add(r.note());
                }
            }
        }

        blocks.add(textInput(IDEAS_BLOCK, "Ideas and takeaways", null, null, true, MAX_LONG_TEXT, ideas));
        RichTextBlock actionItems = prefill == null ? null : RichText.of(prefill.actionItems(), MAX_LONG_TEXT);
        blocks.add(optionalInput(ACTION_ITEMS_BLOCK, "Action items", "One per line. Mention a teammate with @ to make them the owner.",
                RichTextInputElement.builder().actionId(ACTION_ID).initialValue(actionItems).build()));
        blocks.add(textInput(REFERRALS_GIVEN_BLOCK, "Referrals given", null,
                "One per line: who you introduced to whom.", true, MAX_LONG_TEXT, lines(given)));
        blocks.add(textInput(REFERRALS_ASKED_BLOCK, "Referrals asked for", null, null, true, MAX_LONG_TEXT,
                lines(asked)));
    }

    /** An optional plain_text_input; its initial value is cut to {@code maxLength}. */
    private static LayoutBlock textInput(String blockId, String label, String placeholder, String hint,
                                         boolean multiline, int maxLength, String initialValue) {
        String initial = cut(initialValue, maxLength);
        return optionalInput(blockId, label, hint, plainTextInput(p -> p.actionId(ACTION_ID).multiline(multiline)
                .maxLength(maxLength)
                .placeholder(placeholder == null ? null : plainText(placeholder))
                .initialValue(initial)));
    }

    private static LayoutBlock optionalInput(String blockId, String label, String hint, BlockElement element) {
        return input(i -> i.blockId(blockId).label(plainText(label)).optional(true)
                .hint(hint == null ? null : plainText(hint))
                .element(element));
    }

    /** Non-blank entries, stripped, one per line; null when there are none. */
    private static String lines(List<String> entries) {
        String joined = entries.stream().filter(s -> s != null && !s.isBlank()).map(String::strip)
                .collect(Collectors.joining("\n"));
        return joined.isEmpty() ? null : joined;
    }

    /**
     * Null for null or blank; otherwise at most {@code max} UTF-16 units, never splitting a surrogate pair, so the value
     * fits whether Slack counts code units or code points.
     */
    static String cut(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }

    /** Escapes what Slack treats as markup in mrkdwn, so user text never becomes a mention or a link. */
    public static String escapeMrkdwn(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
