package met.capture;

import com.slack.api.model.view.ViewState;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static met.capture.DebriefFormBlocks.ACTION_ID;
import static met.capture.DebriefFormBlocks.ACTION_ITEMS_BLOCK;
import static met.capture.DebriefFormBlocks.CONTACT_COMPANY;
import static met.capture.DebriefFormBlocks.CONTACT_EMAIL;
import static met.capture.DebriefFormBlocks.CONTACT_FOLLOW_UP;
import static met.capture.DebriefFormBlocks.CONTACT_NAME;
import static met.capture.DebriefFormBlocks.CONTACT_NOTES;
import static met.capture.DebriefFormBlocks.CONTACT_PROFILE_URL;
import static met.capture.DebriefFormBlocks.CONTACT_ROLE;
import static met.capture.DebriefFormBlocks.EVENT_DATE_BLOCK;
import static met.capture.DebriefFormBlocks.EVENT_KIND_BLOCK;
import static met.capture.DebriefFormBlocks.EVENT_NAME_BLOCK;
import static met.capture.DebriefFormBlocks.IDEAS_BLOCK;
import static met.capture.DebriefFormBlocks.MAX_EMAIL;
import static met.capture.DebriefFormBlocks.MAX_EVENT_NAME;
import static met.capture.DebriefFormBlocks.MAX_LONG_TEXT;
import static met.capture.DebriefFormBlocks.MAX_SHORT_TEXT;
import static met.capture.DebriefFormBlocks.MAX_URL;
import static met.capture.DebriefFormBlocks.RECEIVED_PREFIX;
import static met.capture.DebriefFormBlocks.REFERRALS_ASKED_BLOCK;
import static met.capture.DebriefFormBlocks.REFERRALS_GIVEN_BLOCK;
import static met.capture.DebriefFormBlocks.TEAMMATES_BLOCK;
import static met.capture.DebriefFormBlocks.contactBlockId;

/**
 * Reads a debrief modal's {@code view.state.values} back into a {@link Debrief}, or into per-block error messages to
 * answer with {@code response_action: errors}. Never throws, whatever the map holds.
 */
public final class DebriefFormReader {

    public sealed interface Result permits Result.Valid, Result.Invalid {
        record Valid(Debrief debrief) implements Result {
        }

        /** errors: input block_id → message shown under that field */
        record Invalid(Map<String, String> errors) implements Result {
            public Invalid {
                errors = errors == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(errors));
            }
        }
    }

    public static final int MAX_ACTION_ITEMS = 20;

    public static final String NAME_MISSING = "Add a name, or clear this contact's other fields.";
    public static final String NO_CONTACTS = "Add at least one person you met.";
    public static final String EMAIL_INVALID = "That doesn't look like an email address (name@company.com).";
    public static final String URL_INVALID = "Use a full link starting with https://";
    public static final String FOLLOW_UP_PAST = "Pick today or a later day for the follow-up.";
    public static final String FOLLOW_UP_TOO_FAR = "Pick a follow-up within a year.";
    public static final String EVENT_DATE_MISSING = "Pick the day of the event.";
    public static final String EVENT_DATE_OUT_OF_RANGE = "Pick a date within a year of today.";
    public static final String DATE_UNREADABLE = "Pick a day from the calendar.";
    public static final String TOO_MANY_ACTION_ITEMS = "Keep it to " + MAX_ACTION_ITEMS
            + " action items or fewer, one per line.";
    public static final String ACTION_ITEM_WITHOUT_TEXT = "Say what needs doing on the same line as the @name.";

    static String tooLong(int max) {
        return "Keep this under " + max + " characters.";
    }

    // Slack sends mentions as <@U…> or <@U…|name>; W… ids are Enterprise Grid users.
    private static final String MENTION = "<@([UW][A-Z0-9]{2,})(?:\\|[^>]*)?>";
    // A separator typed between the mention and the text ("<@U1>: send deck", "send deck - <@U1>") goes with the mention.
    private static final Pattern LEADING_OWNER = Pattern.compile("^" + MENTION + "\\s*[:,\\-–—]?\\s*(.*)$", Pattern.DOTALL);
    private static final Pattern TRAILING_OWNER = Pattern.compile("^(.*?)\\s*[:,\\-–—]?\\s*" + MENTION + "$", Pattern.DOTALL);
    private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+");
    private static final Pattern CONTACT_BLOCK = Pattern.compile("contact_(\\d{1,2})_.*");

    private final Map<?, ?> values;
    private final LocalDate today;
    private final Map<String, String> errors = new LinkedHashMap<>();

    private DebriefFormReader(Map<?, ?> values, LocalDate today) {
        this.values = values;
        this.today = today;
    }

    /**
     * @param values   {@code view.getState().getValues()}; may be null or miss blocks
     * @param metadata the view's private_metadata; null is read as one contact row
     * @param today    the user's today, for date checks; null falls back to today in UTC
     */
    public static Result read(Map<String, Map<String, ViewState.Value>> values, FormMetadata metadata,
                              LocalDate today) {
        FormMetadata meta = metadata == null ? new FormMetadata(null, null, 1) : metadata;
        return new DebriefFormReader(values, today == null ? LocalDate.now(ZoneOffset.UTC) : today).read(meta);
    }

    private Result read(FormMetadata meta) {
        String eventName = text(EVENT_NAME_BLOCK, MAX_EVENT_NAME);
        LocalDate eventDate = eventDate();
        EventKind kind = eventKind();
        List<String> teammates = teammates();
        List<Debrief.ContactEntry> contacts = contacts(Math.max(meta.contactRows(), highestContactRowInValues()));
        String ideas = text(IDEAS_BLOCK, MAX_LONG_TEXT);
        List<Debrief.ActionItemEntry> actionItems = actionItems();
        List<Debrief.ReferralEntry> referrals = referrals();

        if (!errors.isEmpty()) {
            return new Result.Invalid(errors);
        }
        return new Result.Valid(new Debrief(eventName, eventDate, kind, teammates, contacts, ideas, actionItems,
                referrals));
    }

    private LocalDate eventDate() {
        DateField date = date(EVENT_DATE_BLOCK);
        if (date.raw() == null) {
            errors.put(EVENT_DATE_BLOCK, EVENT_DATE_MISSING);
        } else if (date.value() != null
                && (date.value().isBefore(yearsFromToday(-1)) || date.value().isAfter(yearsFromToday(1)))) {
            errors.put(EVENT_DATE_BLOCK, EVENT_DATE_OUT_OF_RANGE);
        }
        return date.value();
    }

    /** Clamped at the ends of the calendar, so an absurd {@code today} cannot make the checks throw. */
    private LocalDate yearsFromToday(int years) {
        try {
            return today.plusYears(years);
        } catch (DateTimeException e) {
            return years < 0 ? LocalDate.MIN : LocalDate.MAX;
        }
    }

    private EventKind eventKind() {
        ViewState.Value value = value(EVENT_KIND_BLOCK);
        if (value == null || value.getSelectedOption() == null || value.getSelectedOption().getValue() == null) {
            return EventKind.OTHER;
        }
        return EventKind.fromCode(value.getSelectedOption().getValue()).orElse(EventKind.OTHER);
    }

    private List<String> teammates() {
        ViewState.Value value = value(TEAMMATES_BLOCK);
        if (value == null || value.getSelectedUsers() == null) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Object id : value.getSelectedUsers()) {
            if (id instanceof String s && !s.isBlank()) {
                ids.add(s.strip());
            }
        }
        return List.copyOf(ids);
    }

    private List<Debrief.ContactEntry> contacts(int rows) {
        List<Debrief.ContactEntry> contacts = new ArrayList<>();
        boolean rowMissingName = false;
        for (int row = 1; row <= rows; row++) {
            String nameBlock = contactBlockId(row, CONTACT_NAME);
            String name = text(nameBlock, MAX_SHORT_TEXT);
            String company = text(contactBlockId(row, CONTACT_COMPANY), MAX_SHORT_TEXT);
            String role = text(contactBlockId(row, CONTACT_ROLE), MAX_SHORT_TEXT);
            String email = email(contactBlockId(row, CONTACT_EMAIL));
            String profileUrl = profileUrl(contactBlockId(row, CONTACT_PROFILE_URL));
            String notes = text(contactBlockId(row, CONTACT_NOTES), MAX_LONG_TEXT);
            DateField followUp = followUp(contactBlockId(row, CONTACT_FOLLOW_UP));

            boolean blank = name == null && company == null && role == null && email == null && profileUrl == null
                    && notes == null && followUp.raw() == null;
            if (blank) {
                continue;
            }
            if (name == null) {
                errors.putIfAbsent(nameBlock, NAME_MISSING);
                rowMissingName = true;
                continue;
            }
            contacts.add(new Debrief.ContactEntry(name, company, role, email, profileUrl, notes, followUp.value()));
        }
        // A row already told to add a name says enough; a second message about "at least one" would repeat it.
        if (contacts.isEmpty() && !rowMissingName) {
            errors.putIfAbsent(contactBlockId(1, CONTACT_NAME), NO_CONTACTS);
        }
        return contacts;
    }

    /** Rows present in the submission, in case private_metadata under-counts them: typed text is never dropped. */
    private int highestContactRowInValues() {
        int highest = 0;
        if (values == null) {
            return highest;
        }
        for (Object key : values.keySet()) {
            if (key instanceof String blockId) {
                Matcher m = CONTACT_BLOCK.matcher(blockId);
                if (m.matches()) {
                    highest = Math.max(highest, Math.min(Debrief.MAX_CONTACTS, Integer.parseInt(m.group(1))));
                }
            }
        }
        return highest;
    }

    private String email(String blockId) {
        String email = text(blockId, MAX_EMAIL);
        if (email != null && !errors.containsKey(blockId) && !EMAIL.matcher(email).matches()) {
            errors.put(blockId, EMAIL_INVALID);
        }
        return email;
    }

    private String profileUrl(String blockId) {
        String url = text(blockId, MAX_URL);
        if (url != null && !errors.containsKey(blockId) && !isWebLink(url)) {
            errors.put(blockId, URL_INVALID);
        }
        return url;
    }

    private static boolean isWebLink(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
                    && !uri.getHost().isBlank();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private DateField followUp(String blockId) {
        DateField date = date(blockId);
        if (date.value() != null) {
            if (date.value().isBefore(today)) {
                errors.put(blockId, FOLLOW_UP_PAST);
            } else if (date.value().isAfter(yearsFromToday(1))) {
                errors.put(blockId, FOLLOW_UP_TOO_FAR);
            }
        }
        return date;
    }

    private List<Debrief.ActionItemEntry> actionItems() {
        List<String> lines = lines(text(ACTION_ITEMS_BLOCK, MAX_LONG_TEXT));
        if (lines.size() > MAX_ACTION_ITEMS) {
            errors.putIfAbsent(ACTION_ITEMS_BLOCK, TOO_MANY_ACTION_ITEMS);
        }
        List<Debrief.ActionItemEntry> items = new ArrayList<>();
        for (String line : lines) {
            Debrief.ActionItemEntry item = actionItem(line);
            if (item.text().isEmpty()) {
                errors.putIfAbsent(ACTION_ITEMS_BLOCK, ACTION_ITEM_WITHOUT_TEXT);
            }
            items.add(item);
        }
        return items;
    }

    /** Takes the owner from a mention at the start or the end of the line; the text keeps everything else. */
    static Debrief.ActionItemEntry actionItem(String line) {
        Matcher leading = LEADING_OWNER.matcher(line);
        if (leading.matches()) {
            return new Debrief.ActionItemEntry(leading.group(2).strip(), leading.group(1));
        }
        Matcher trailing = TRAILING_OWNER.matcher(line);
        if (trailing.matches()) {
            return new Debrief.ActionItemEntry(trailing.group(1).strip(), trailing.group(2));
        }
        return new Debrief.ActionItemEntry(line, null);
    }

    private List<Debrief.ReferralEntry> referrals() {
        List<Debrief.ReferralEntry> referrals = new ArrayList<>();
        for (String line : lines(text(REFERRALS_GIVEN_BLOCK, MAX_LONG_TEXT))) {
            if (line.regionMatches(true, 0, RECEIVED_PREFIX, 0, RECEIVED_PREFIX.length())) {
                String note = line.substring(RECEIVED_PREFIX.length()).strip();
                if (!note.isEmpty()) {
                    referrals.add(new Debrief.ReferralEntry(Debrief.ReferralDirection.RECEIVED, note));
                }
            } else {
                referrals.add(new Debrief.ReferralEntry(Debrief.ReferralDirection.GIVEN, line));
            }
        }
        for (String line : lines(text(REFERRALS_ASKED_BLOCK, MAX_LONG_TEXT))) {
            referrals.add(new Debrief.ReferralEntry(Debrief.ReferralDirection.ASKED, line));
        }
        return referrals;
    }

    private static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    /** The trimmed text of a block, or null when empty; an over-long text is returned too, with an error. */
    private String text(String blockId, int max) {
        ViewState.Value value = value(blockId);
        String text = value == null ? null : value.getRichTextValue() != null ? RichText.toText(value.getRichTextValue()) : value.getValue();
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > max) {
            errors.putIfAbsent(blockId, tooLong(max));
        }
        return trimmed;
    }

    /** raw: what was sent (null when nothing); value: the parsed day, null when nothing or unreadable. */
    private record DateField(String raw, LocalDate value) {
    }

    private DateField date(String blockId) {
        ViewState.Value value = value(blockId);
        String raw = value == null ? null : value.getSelectedDate();
        if (raw == null || raw.isBlank()) {
            return new DateField(null, null);
        }
        try {
            return new DateField(raw, LocalDate.parse(raw.strip()));
        } catch (DateTimeParseException e) {
            errors.putIfAbsent(blockId, DATE_UNREADABLE);
            return new DateField(raw, null);
        }
    }

    /**
     * The element's state in a block: under {@link DebriefFormBlocks#ACTION_ID}, else the block's only element whatever
     * its action id. Checked with instanceof because the map comes from JSON and may hold anything.
     */
    private ViewState.Value value(String blockId) {
        if (values == null) {
            return null;
        }
        Object block;
        try {
            block = values.get(blockId);
        } catch (RuntimeException e) { // a sorted or null-hostile map of the wrong key type; treat the block as absent
            return null;
        }
        if (!(block instanceof Map<?, ?> actions)) {
            return null;
        }
        if (actions.get(ACTION_ID) instanceof ViewState.Value value) {
            return value;
        }
        for (Object candidate : actions.values()) {
            if (candidate instanceof ViewState.Value value) {
                return value;
            }
        }
        return null;
    }
}
