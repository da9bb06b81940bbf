package met.capture;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.slack.api.model.block.InputBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.DatePickerElement;
import com.slack.api.model.block.element.EmailTextInputElement;
import com.slack.api.model.block.element.MultiUsersSelectElement;
import com.slack.api.model.block.element.PlainTextInputElement;
import com.slack.api.model.block.element.StaticSelectElement;
import com.slack.api.model.block.element.URLTextInputElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import com.slack.api.util.json.GsonFactory;
import met.capture.Debrief.ActionItemEntry;
import met.capture.Debrief.ContactEntry;
import met.capture.Debrief.ReferralDirection;
import met.capture.Debrief.ReferralEntry;
import met.capture.DebriefFormReader.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.entry;

class DebriefFormReaderTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 5, 10);
    private static final FormMetadata ONE_ROW = new FormMetadata("C1", null, 1);
    private static final FormMetadata TWO_ROWS = new FormMetadata("C1", null, 2);

    @Test
    void readsAFullSubmission() {
        State state = new State()
                .text("event_name", "  DevConf 2026 ")
                .date("event_date", "2026-05-08")
                .select("event_kind", "Conference", "conference")
                .users("teammates", "U0TEAM1", "U0TEAM2")
                .text("contact_1_name", " Ana López ")
                .text("contact_1_company", "Acme")
                .text("contact_1_role", "CTO")
                .email("contact_1_email", "ana@acme.com")
                .url("contact_1_profile_url", "https://linkedin.com/in/ana")
                .text("contact_1_notes", "Wants a demo.\n  Hates long calls.\n")
                .date("contact_1_follow_up", "2026-05-20")
                .text("contact_2_name", "Bo")
                .text("contact_2_company", null)
                .email("contact_2_email", null)
                .date("contact_2_follow_up", null)
                .text("ideas", "Everyone talks about agents.")
                .text("action_items", "<@U0OWNER> send Ana the deck\n\nBook the next booth\n")
                .text("referrals_given", "Ana to Carla (design)\nreceived: Bo sent us Dana")
                .text("referrals_asked", "Intro to Acme's CFO");

        Result result = DebriefFormReader.read(state.values(), TWO_ROWS, TODAY);

        assertThat(result).isEqualTo(new Result.Valid(new Debrief("DevConf 2026", LocalDate.of(2026, 5, 8),
                EventKind.CONFERENCE, List.of("U0TEAM1", "U0TEAM2"),
                List.of(new ContactEntry("Ana López", "Acme", "CTO", "ana@acme.com", "https://linkedin.com/in/ana",
                                "Wants a demo.\n  Hates long calls.", LocalDate.of(2026, 5, 20)),
                        new ContactEntry("Bo", null, null, null, null, null, null)),
                "Everyone talks about agents.",
                List.of(new ActionItemEntry("send Ana the deck", "U0OWNER"),
                        new ActionItemEntry("Book the next booth", null)),
                List.of(new ReferralEntry(ReferralDirection.GIVEN, "Ana to Carla (design)"),
                        new ReferralEntry(ReferralDirection.RECEIVED, "Bo sent us Dana"),
                        new ReferralEntry(ReferralDirection.ASKED, "Intro to Acme's CFO")))));
    }

    @Test
    void readsBackWhatTheFormWasPrefilledWith() {
        Debrief prefill = DebriefFormBlocksTest.fullDebrief();
        View view = DebriefFormBlocks.view(prefill, new FormMetadata("C1", null, 3), List.of());

        Result result = DebriefFormReader.read(submit(view), FormMetadata.fromJson(view.getPrivateMetadata()), TODAY);

        // Owners travel as mentions in the rich text of the action items, so they come back too.
        Debrief expected = new Debrief(prefill.eventName(), prefill.eventDate(), prefill.eventKind(),
                prefill.teammates(), prefill.contacts(), prefill.ideas(), prefill.actionItems(),
                List.of(prefill.referrals().get(0), prefill.referrals().get(2), prefill.referrals().get(1)));
        assertThat(result).isEqualTo(new Result.Valid(expected));
    }

    @Test
    void aMinimalSubmissionNeedsOnlyADateAndAName() {
        State state = minimal();

        Result result = DebriefFormReader.read(state.values(), ONE_ROW, TODAY);

        assertThat(result).isEqualTo(new Result.Valid(new Debrief(null, TODAY, EventKind.OTHER, List.of(),
                List.of(new ContactEntry("Ana", null, null, null, null, null, null)), null, List.of(), List.of())));
    }

    @Test
    void aBlankExtraRowIsIgnored() {
        State state = minimal()
                .text("contact_2_name", "   ")
                .text("contact_2_company", null)
                .text("contact_2_notes", "\n \n")
                .email("contact_2_email", null)
                .url("contact_2_profile_url", "")
                .date("contact_2_follow_up", null);

        Result result = DebriefFormReader.read(state.values(), new FormMetadata(null, null, 3), TODAY);

        assertThat(valid(result).contacts()).extracting(ContactEntry::name).containsExactly("Ana");
    }

    @Test
    void aRowWithDetailsButNoNameAsksForTheName() {
        State state = minimal().text("contact_2_company", "Acme");

        Result result = DebriefFormReader.read(state.values(), TWO_ROWS, TODAY);

        assertThat(errors(result)).containsExactly(entry("contact_2_name", DebriefFormReader.NAME_MISSING));
    }

    @Test
    void aFollowUpDateAloneCountsAsDetails() {
        State state = minimal().date("contact_2_follow_up", "2026-06-01");

        assertThat(errors(DebriefFormReader.read(state.values(), TWO_ROWS, TODAY)))
                .containsExactly(entry("contact_2_name", DebriefFormReader.NAME_MISSING));
    }

    @Test
    void noContactsAsksForAtLeastOne() {
        State state = new State().date("event_date", TODAY.toString()).text("contact_1_name", null)
                .text("ideas", "Good talks.");

        Result result = DebriefFormReader.read(state.values(), TWO_ROWS, TODAY);

        assertThat(errors(result)).containsExactly(entry("contact_1_name", DebriefFormReader.NO_CONTACTS));
    }

    @Test
    void aNamelessRowIsTheOnlyMessageWhenNobodyHasAName() {
        State state = new State().date("event_date", TODAY.toString()).text("contact_2_role", "CTO");

        Result result = DebriefFormReader.read(state.values(), TWO_ROWS, TODAY);

        assertThat(errors(result)).containsExactly(entry("contact_2_name", DebriefFormReader.NAME_MISSING));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ana", "ana@", "@acme.com", "ana@acme", "ana @acme.com", "ana@acme.", "ana@@acme.com",
            "ana@.com", "ana@acme..com"})
    void rejectsWhatIsNotAnEmailAddress(String email) {
        State state = minimal().email("contact_1_email", email);

        assertThat(errors(DebriefFormReader.read(state.values(), ONE_ROW, TODAY)))
                .containsExactly(entry("contact_1_email", DebriefFormReader.EMAIL_INVALID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ana@acme.com", "ana.lopez+met@mail.acme.co.uk", "  ana@acme.io  "})
    void acceptsEmailAddresses(String email) {
        State state = minimal().email("contact_1_email", email);

        assertThat(valid(DebriefFormReader.read(state.values(), ONE_ROW, TODAY)).contacts().get(0).email())
                .isEqualTo(email.strip());
    }

    @Test
    void rejectsAnEmailAddressLongerThan254() {
        State state = minimal().email("contact_1_email", "a".repeat(250) + "@acme.com");

        assertThat(errors(DebriefFormReader.read(state.values(), ONE_ROW, TODAY)))
                .containsExactly(entry("contact_1_email", "Keep this under 254 characters."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"linkedin.com/in/ana", "ftp://example.com/x", "https://", "https:///path", "mailto:ana@acme.com",
            "https://exa mple.com", "javascript:alert(1)"})
    void rejectsWhatIsNotAWebLink(String url) {
        State state = minimal().url("contact_1_profile_url", url);

        assertThat(errors(DebriefFormReader.read(state.values(), ONE_ROW, TODAY)))
                .containsExactly(entry("contact_1_profile_url", DebriefFormReader.URL_INVALID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://linkedin.com/in/ana", "http://example.com", "HTTPS://Example.com/a?b=c#d"})
    void acceptsWebLinks(String url) {
        State state = minimal().url("contact_1_profile_url", url);

        assertThat(valid(DebriefFormReader.read(state.values(), ONE_ROW, TODAY)).contacts().get(0).profileUrl())
                .isEqualTo(url);
    }

    @Test
    void rejectsAProfileUrlLongerThan2000() {
        State state = minimal().url("contact_1_profile_url", "https://example.com/" + "p".repeat(2000));

        assertThat(errors(DebriefFormReader.read(state.values(), ONE_ROW, TODAY)))
                .containsExactly(entry("contact_1_profile_url", "Keep this under 2000 characters."));
    }

    @ParameterizedTest
    @CsvSource({
            "2026-05-09, Pick today or a later day for the follow-up.",
            "2020-01-01, Pick today or a later day for the follow-up.",
            "2027-05-11, Pick a follow-up within a year.",
            "2030-01-01, Pick a follow-up within a year.",
            "2026-5-20, Pick a day from the calendar.",
    })
    void rejectsFollowUpDatesOutOfRange(String date, String message) {
        State state = minimal().date("contact_1_follow_up", date);

        assertThat(errors(DebriefFormReader.read(state.values(), ONE_ROW, TODAY)))
                .containsExactly(entry("contact_1_follow_up", message));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-05-10", "2026-08-01", "2027-05-10"})
    void acceptsFollowUpsFromTodayToAYearAhead(String date) {
        State state = minimal().date("contact_1_follow_up", date);

        assertThat(valid(DebriefFormReader.read(state.values(), ONE_ROW, TODAY)).contacts().get(0).followUp())
                .isEqualTo(LocalDate.parse(date));
    }

    @ParameterizedTest
    @CsvSource({
            "2025-05-09, Pick a date within a year of today.",
            "2027-05-11, Pick a date within a year of today.",
            "tomorrow, Pick a day from the calendar.",
    })
    void rejectsEventDatesOutOfRange(String date, String message) {
        State state = minimal().date("event_date", date);

        assertThat(errors(DebriefFormReader.read(state.values(), ONE_ROW, TODAY)))
                .containsExactly(entry("event_date", message));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-05-10", "2026-05-10", "2027-05-10"})
    void acceptsEventDatesWithinAYear(String date) {
        State state = minimal().date("event_date", date);

        assertThat(valid(DebriefFormReader.read(state.values(), ONE_ROW, TODAY)).eventDate())
                .isEqualTo(LocalDate.parse(date));
    }

    @Test
    void theEventDateIsRequired() {
        State missing = minimal().remove("event_date");
        State empty = minimal().date("event_date", null);

        assertThat(errors(DebriefFormReader.read(missing.values(), ONE_ROW, TODAY)))
                .containsExactly(entry("event_date", DebriefFormReader.EVENT_DATE_MISSING));
        assertThat(errors(DebriefFormReader.read(empty.values(), ONE_ROW, TODAY)))
                .containsExactly(entry("event_date", DebriefFormReader.EVENT_DATE_MISSING));
    }

    @Test
    void reportsEveryTooLongFieldOnItsOwnBlock() {
        State state = minimal()
                .text("event_name", "e".repeat(201))
                .text("contact_1_name", "n".repeat(201))
                .text("contact_1_company", "c".repeat(201))
                .text("contact_1_role", "r".repeat(201))
                .text("contact_1_notes", "x".repeat(3001))
                .text("ideas", "i".repeat(3001))
                .text("action_items", "a".repeat(3001))
                .text("referrals_given", "g".repeat(3001))
                .text("referrals_asked", "q".repeat(3001));

        Map<String, String> errors = errors(DebriefFormReader.read(state.values(), ONE_ROW, TODAY));

        assertThat(errors).containsOnly(
                entry("event_name", "Keep this under 200 characters."),
                entry("contact_1_name", "Keep this under 200 characters."),
                entry("contact_1_company", "Keep this under 200 characters."),
                entry("contact_1_role", "Keep this under 200 characters."),
                entry("contact_1_notes", "Keep this under 3000 characters."),
                entry("ideas", "Keep this under 3000 characters."),
                entry("action_items", "Keep this under 3000 characters."),
                entry("referrals_given", "Keep this under 3000 characters."),
                entry("referrals_asked", "Keep this under 3000 characters."));
    }

    @Test
    void limitsAreInclusiveAndCountCharactersNotUtf16Units() {
        State state = minimal()
                .text("event_name", "e".repeat(200))
                .text("contact_1_notes", "😀".repeat(3000))
                .text("ideas", "i".repeat(3000));

        Debrief debrief = valid(DebriefFormReader.read(state.values(), ONE_ROW, TODAY));

        assertThat(debrief.eventName()).hasSize(200);
        assertThat(debrief.contacts().get(0).notes()).hasSize(6000);
    }

    @Test
    void errorsFollowTheFormOrder() {
        State state = minimal()
                .text("referrals_asked", "q".repeat(3001))
                .date("event_date", "2020-01-01")
                .email("contact_1_email", "nope");

        assertThat(errors(DebriefFormReader.read(state.values(), ONE_ROW, TODAY)).keySet())
                .containsExactly("event_date", "contact_1_email", "referrals_asked");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "<@U0OWNER> send the deck;send the deck;U0OWNER",
            "<@U0OWNER|ana> send the deck;send the deck;U0OWNER",
            "<@U0OWNER>: send the deck;send the deck;U0OWNER",
            "send the deck <@U0OWNER>;send the deck;U0OWNER",
            "send the deck - <@W0GRID|ana.lopez>;send the deck;W0GRID",
            "ask <@U0OTHER> about pricing;ask <@U0OTHER> about pricing;",
            "<@U0FIRST> ping <@U0LAST>;ping <@U0LAST>;U0FIRST",
            "email @ana the deck;email @ana the deck;",
            "<!channel> send the deck;<!channel> send the deck;",
            "<#C0CHAN> send the deck;<#C0CHAN> send the deck;",
    })
    void takesTheOwnerFromAMentionAtEitherEnd(String line, String text, String owner) {
        State state = minimal().text("action_items", line);

        assertThat(valid(DebriefFormReader.read(state.values(), ONE_ROW, TODAY)).actionItems())
                .containsExactly(new ActionItemEntry(text, owner));
    }

    @Test
    void aMentionWithoutTextAsksWhatToDo() {
        State state = minimal().text("action_items", "Send the deck\n<@U0OWNER>");

        assertThat(errors(DebriefFormReader.read(state.values(), ONE_ROW, TODAY)))
                .containsExactly(entry("action_items", DebriefFormReader.ACTION_ITEM_WITHOUT_TEXT));
    }

    @Test
    void atMostTwentyActionItems() {
        String twenty = IntStream.rangeClosed(1, 20).mapToObj(i -> "item " + i).collect(Collectors.joining("\n"));
        State ok = minimal().text("action_items", twenty + "\n\n  \n");
        State tooMany = minimal().text("action_items", twenty + "\nitem 21");

        assertThat(valid(DebriefFormReader.read(ok.values(), ONE_ROW, TODAY)).actionItems()).hasSize(20);
        assertThat(errors(DebriefFormReader.read(tooMany.values(), ONE_ROW, TODAY)))
                .containsExactly(entry("action_items", DebriefFormReader.TOO_MANY_ACTION_ITEMS));
    }

    @Test
    void splitsReferralsByLineAndDirection() {
        State state = minimal()
                .text("referrals_given", "Ana to Carla\r\n  Received: Dana from Bo  \nreceived:\n\nreceivedx: odd\nBo to Eve")
                .text("referrals_asked", "Intro to a CFO\n\n  A lawyer who knows leases ");

        assertThat(valid(DebriefFormReader.read(state.values(), ONE_ROW, TODAY)).referrals()).containsExactly(
                new ReferralEntry(ReferralDirection.GIVEN, "Ana to Carla"),
                new ReferralEntry(ReferralDirection.RECEIVED, "Dana from Bo"),
                new ReferralEntry(ReferralDirection.GIVEN, "receivedx: odd"),
                new ReferralEntry(ReferralDirection.GIVEN, "Bo to Eve"),
                new ReferralEntry(ReferralDirection.ASKED, "Intro to a CFO"),
                new ReferralEntry(ReferralDirection.ASKED, "A lawyer who knows leases"));
    }

    @Test
    void kindDefaultsToOther() {
        assertThat(valid(DebriefFormReader.read(minimal().values(), ONE_ROW, TODAY)).eventKind())
                .isEqualTo(EventKind.OTHER);
        assertThat(valid(DebriefFormReader.read(minimal().select("event_kind", "Gone", "gone").values(), ONE_ROW,
                TODAY)).eventKind()).isEqualTo(EventKind.OTHER);
        assertThat(valid(DebriefFormReader.read(minimal().select("event_kind", "Meetup", "meetup").values(), ONE_ROW,
                TODAY)).eventKind()).isEqualTo(EventKind.MEETUP);
    }

    @Test
    void teammatesAreOptionalAndDeduplicated() {
        assertThat(valid(DebriefFormReader.read(minimal().users("teammates").values(), ONE_ROW, TODAY)).teammates())
                .isEmpty();
        assertThat(valid(DebriefFormReader.read(minimal().users("teammates", "U1", "U2", "U1").values(), ONE_ROW,
                TODAY)).teammates()).containsExactly("U1", "U2");
        State nullUsers = minimal().raw("teammates", "{\"type\":\"multi_users_select\",\"selected_users\":null}");
        assertThat(valid(DebriefFormReader.read(nullUsers.values(), ONE_ROW, TODAY)).teammates()).isEmpty();
    }

    @Test
    void rowsBeyondTheMetadataAreStillRead() {
        State state = minimal().text("contact_3_name", "Cy");

        Debrief debrief = valid(DebriefFormReader.read(state.values(), ONE_ROW, TODAY));

        assertThat(debrief.contacts()).extracting(ContactEntry::name).containsExactly("Ana", "Cy");
    }

    @Test
    void anUnexpectedActionIdIsStillRead() {
        State state = minimal().raw("contact_1_company", "other_action",
                "{\"type\":\"plain_text_input\",\"value\":\"Acme\"}");

        assertThat(valid(DebriefFormReader.read(state.values(), ONE_ROW, TODAY)).contacts().get(0).company())
                .isEqualTo("Acme");
    }

    @Test
    void anInvalidResultCannotBeChangedAfterwards() {
        Result result = DebriefFormReader.read(null, ONE_ROW, TODAY);

        assertThat(result).isInstanceOf(Result.Invalid.class);
        assertThatCode(() -> errors(result).put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void garbageNeverThrows() {
        Map<String, Map<String, ViewState.Value>> withNulls = new HashMap<>();
        withNulls.put("event_date", null);
        Map<String, ViewState.Value> nullValue = new HashMap<>();
        nullValue.put("value", null);
        withNulls.put("contact_1_name", nullValue);
        withNulls.put("contact_99_name", null);
        withNulls.put("contact_x_name", Map.of());
        withNulls.put(null, Map.of());

        // The wrong element in each block: a date where text goes, text where a date goes, and so on.
        State wrongTypes = new State()
                .raw("event_name", "{\"type\":\"datepicker\",\"selected_date\":\"2026-05-10\"}")
                .raw("event_date", "{\"type\":\"plain_text_input\",\"value\":\"2026-05-10\"}")
                .raw("event_kind", "{\"type\":\"static_select\",\"selected_option\":{\"value\":null}}")
                .raw("teammates", "{\"type\":\"users_select\",\"selected_user\":\"U1\"}")
                .raw("contact_1_name", "{\"type\":\"rich_text_input\"}")
                .raw("contact_1_follow_up", "{\"type\":\"datepicker\",\"selected_date\":\"\"}")
                .raw("action_items", "{\"type\":\"plain_text_input\",\"value\":\"\\u0000\\n<@>\\n<@U1\"}");

        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Map<String, ViewState.Value>> polluted = (Map) Map.of(
                "event_date", "not a map",
                "contact_1_name", Map.of("value", "not a value"),
                "ideas", List.of(1, 2));
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Map<String, ViewState.Value>> wrongKeys = (Map) new TreeMap<Integer, Object>(Map.of(1, "x"));

        List<Map<String, Map<String, ViewState.Value>>> inputs = List.of(Map.of(), withNulls, wrongTypes.values(),
                polluted, wrongKeys);
        for (Map<String, Map<String, ViewState.Value>> values : inputs) {
            for (FormMetadata metadata : new FormMetadata[]{null, ONE_ROW, new FormMetadata(null, null, 10)}) {
                for (LocalDate today : new LocalDate[]{null, TODAY, LocalDate.MIN, LocalDate.MAX}) {
                    assertThatCode(() -> DebriefFormReader.read(values, metadata, today)).doesNotThrowAnyException();
                }
            }
        }
        assertThatCode(() -> DebriefFormReader.read(null, null, null)).doesNotThrowAnyException();
        assertThat(DebriefFormReader.read(null, null, TODAY)).isEqualTo(new Result.Invalid(Map.of(
                "event_date", DebriefFormReader.EVENT_DATE_MISSING,
                "contact_1_name", DebriefFormReader.NO_CONTACTS)));
        assertThat(errors(DebriefFormReader.read(wrongTypes.values(), ONE_ROW, TODAY)))
                .containsOnlyKeys("event_date", "contact_1_name");
    }

    // --- helpers ---

    private static State minimal() {
        return new State().date("event_date", TODAY.toString()).text("contact_1_name", "Ana");
    }

    private static Debrief valid(Result result) {
        assertThat(result).isInstanceOf(Result.Valid.class);
        return ((Result.Valid) result).debrief();
    }

    private static Map<String, String> errors(Result result) {
        assertThat(result).isInstanceOf(Result.Invalid.class);
        return ((Result.Invalid) result).errors();
    }

    /** What Slack would send if the user submitted the view untouched: each element's initial value. */
    private static Map<String, Map<String, ViewState.Value>> submit(View view) {
        State state = new State();
        for (LayoutBlock block : view.getBlocks()) {
            if (!(block instanceof InputBlock input)) {
                continue;
            }
            String id = input.getBlockId();
            Object element = input.getElement();
            if (element instanceof PlainTextInputElement e) {
                state.text(id, e.getInitialValue());
            } else if (element instanceof EmailTextInputElement e) {
                state.email(id, e.getInitialValue());
            } else if (element instanceof URLTextInputElement e) {
                state.url(id, e.getInitialValue());
            } else if (element instanceof DatePickerElement e) {
                state.date(id, e.getInitialDate());
            } else if (element instanceof StaticSelectElement e) {
                OptionObject o = e.getInitialOption();
                state.select(id, ((PlainTextObject) o.getText()).getText(), o.getValue());
            } else if (element instanceof MultiUsersSelectElement e) {
                state.users(id, e.getInitialUsers() == null ? new String[0] : e.getInitialUsers().toArray(String[]::new));
            } else if (element instanceof com.slack.api.model.block.element.RichTextInputElement e && e.getInitialValue() != null) {
                state.rich(id, GsonFactory.createSnakeCase().toJsonTree(e.getInitialValue()));
            }
        }
        return state.values();
    }

    /** Builds {@code view.state} JSON as Slack sends it, then parses it the way Bolt does. */
    private static final class State {
        private final JsonObject values = new JsonObject();

        State text(String blockId, String value) {
            return put(blockId, "plain_text_input", "value", value);
        }

        State email(String blockId, String value) {
            return put(blockId, "email_text_input", "value", value);
        }

        State url(String blockId, String value) {
            return put(blockId, "url_text_input", "value", value);
        }

        State date(String blockId, String date) {
            return put(blockId, "datepicker", "selected_date", date);
        }

        State select(String blockId, String label, String value) {
            JsonObject option = new JsonObject();
            JsonObject text = new JsonObject();
            text.addProperty("type", "plain_text");
            text.addProperty("text", label);
            text.addProperty("emoji", true);
            option.add("text", text);
            option.addProperty("value", value);
            JsonObject element = element("static_select");
            element.add("selected_option", option);
            return put(blockId, DebriefFormBlocks.ACTION_ID, element);
        }

        State users(String blockId, String... users) {
            JsonArray array = new JsonArray();
            for (String user : users) {
                array.add(user);
            }
            JsonObject element = element("multi_users_select");
            element.add("selected_users", array);
            return put(blockId, DebriefFormBlocks.ACTION_ID, element);
        }

        State raw(String blockId, String json) {
            return raw(blockId, DebriefFormBlocks.ACTION_ID, json);
        }

        State raw(String blockId, String actionId, String json) {
            values.remove(blockId);
            return put(blockId, actionId, com.google.gson.JsonParser.parseString(json).getAsJsonObject());
        }

        State remove(String blockId) {
            values.remove(blockId);
            return this;
        }

        Map<String, Map<String, ViewState.Value>> values() {
            JsonObject state = new JsonObject();
            state.add("values", values.deepCopy());
            return GsonFactory.createSnakeCase().fromJson(state, ViewState.class).getValues();
        }

        private State put(String blockId, String type, String key, String value) {
            JsonObject element = element(type);
            element.addProperty(key, value); // Slack sends null for an empty field; Gson keeps the key only if not null
            return put(blockId, DebriefFormBlocks.ACTION_ID, element);
        }

        State rich(String blockId, com.google.gson.JsonElement richTextValue) {
            JsonObject element = element("rich_text_input");
            element.add("rich_text_value", richTextValue);
            return put(blockId, DebriefFormBlocks.ACTION_ID, element);
        }

        private State put(String blockId, String actionId, JsonObject element) {
            JsonObject block = new JsonObject();
            block.add(actionId, element);
            values.add(blockId, block);
            return this;
        }

        private static JsonObject element(String type) {
            JsonObject element = new JsonObject();
            element.addProperty("type", type);
            return element;
        }
    }
}
