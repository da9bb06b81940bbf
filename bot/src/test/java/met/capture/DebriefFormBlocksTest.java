package met.capture;

import com.google.gson.Gson;
import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.InputBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.model.block.element.DatePickerElement;
import com.slack.api.model.block.element.EmailTextInputElement;
import com.slack.api.model.block.element.MultiUsersSelectElement;
import com.slack.api.model.block.element.PlainTextInputElement;
import com.slack.api.model.block.element.StaticSelectElement;
import com.slack.api.model.block.element.URLTextInputElement;
import com.slack.api.model.view.View;
import com.slack.api.util.json.GsonFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static met.capture.DebriefFormBlocks.ACTION_ID;
import static met.capture.DebriefFormBlocks.contactBlockId;
import static org.assertj.core.api.Assertions.assertThat;

class DebriefFormBlocksTest {

    private static final Gson SLACK_JSON = GsonFactory.createSnakeCase();

    static Debrief fullDebrief() {
        return new Debrief("DevConf 2026", LocalDate.of(2026, 5, 8), EventKind.CONFERENCE, List.of("U0TEAM1", "U0TEAM2"),
                List.of(new Debrief.ContactEntry("Ana López", "Acme", "CTO", "ana@acme.com",
                                "https://linkedin.com/in/ana", "Wants a demo.\nHates long calls.", LocalDate.of(2026, 5, 20)),
                        new Debrief.ContactEntry("Bo", null, null, null, null, null, null)),
                "Everyone talks about agents.",
                List.of(new Debrief.ActionItemEntry("Send Ana the deck", "U0OWNER"),
                        new Debrief.ActionItemEntry("Book the next booth", null)),
                List.of(new Debrief.ReferralEntry(Debrief.ReferralDirection.GIVEN, "Ana to Carla (design)"),
                        new Debrief.ReferralEntry(Debrief.ReferralDirection.ASKED, "Intro to Acme's CFO"),
                        new Debrief.ReferralEntry(Debrief.ReferralDirection.RECEIVED, "Bo sent us Dana")));
    }

    @Test
    void emptyForm() {
        View view = DebriefFormBlocks.view(null, new FormMetadata(null, null, 1), List.of());
        write("form-empty", view);

        assertThat(view.getType()).isEqualTo("modal");
        assertThat(view.getCallbackId()).isEqualTo(DebriefFormBlocks.CALLBACK_ID);
        assertThat(view.getTitle().getText()).isEqualTo("Debrief");
        assertThat(view.getSubmit().getText()).isEqualTo("Save");
        assertThat(view.getClose().getText()).isEqualTo("Cancel");
        assertThat(view.getPrivateMetadata()).isEqualTo(new FormMetadata(null, null, 1).toJson());
        assertThat(blockIds(view)).containsExactly(
                "event_name", "event_date", "event_kind", "teammates",
                "contact_1_header", "contact_1_name", "contact_1_company", "contact_1_role", "contact_1_email",
                "contact_1_profile_url", "contact_1_notes", "contact_1_follow_up",
                "add_contact", "ideas", "action_items", "referrals_given", "referrals_asked");

        InputBlock eventName = input(view, DebriefFormBlocks.EVENT_NAME_BLOCK);
        assertThat(eventName.getLabel().getText()).isEqualTo("Event");
        assertThat(eventName.isOptional()).isTrue();
        PlainTextInputElement eventNameInput = (PlainTextInputElement) eventName.getElement();
        assertThat(eventNameInput.getPlaceholder().getText()).isEqualTo("DevConf 2026");
        assertThat(eventNameInput.getMaxLength()).isEqualTo(200);
        assertThat(eventNameInput.getInitialValue()).isNull();

        InputBlock date = input(view, DebriefFormBlocks.EVENT_DATE_BLOCK);
        assertThat(date.isOptional()).isFalse();
        assertThat(((DatePickerElement) date.getElement()).getInitialDate()).isNull();

        InputBlock kind = input(view, DebriefFormBlocks.EVENT_KIND_BLOCK);
        assertThat(kind.isOptional()).isFalse();
        StaticSelectElement select = (StaticSelectElement) kind.getElement();
        assertThat(select.getOptions()).extracting(OptionObject::getValue)
                .containsExactly("conference", "meetup", "chamber_of_commerce", "volunteering", "social_or_online",
                        "client_referral", "other");
        assertThat(select.getOptions()).extracting(o -> ((PlainTextObject) o.getText()).getText())
                .containsExactly("Conference", "Meetup", "Chamber of commerce", "Volunteering", "Social or online",
                        "Client referral", "Other");
        assertThat(select.getInitialOption().getValue()).isEqualTo("other");

        InputBlock teammates = input(view, DebriefFormBlocks.TEAMMATES_BLOCK);
        assertThat(teammates.isOptional()).isTrue();
        assertThat(((MultiUsersSelectElement) teammates.getElement()).getInitialUsers()).isNull();

        HeaderBlock header = (HeaderBlock) block(view, contactBlockId(1, DebriefFormBlocks.CONTACT_HEADER));
        assertThat(header.getText().getText()).isEqualTo("Contact 1");
        assertThat(input(view, contactBlockId(1, "name")).isOptional()).isTrue();
        assertThat(input(view, contactBlockId(1, "email")).getElement()).isInstanceOf(EmailTextInputElement.class);
        assertThat(input(view, contactBlockId(1, "profile_url")).getElement()).isInstanceOf(URLTextInputElement.class);
        assertThat(input(view, contactBlockId(1, "follow_up")).getElement()).isInstanceOf(DatePickerElement.class);
        PlainTextInputElement notes = (PlainTextInputElement) input(view, contactBlockId(1, "notes")).getElement();
        assertThat(notes.isMultiline()).isTrue();
        assertThat(notes.getMaxLength()).isEqualTo(3000);

        ActionsBlock add = (ActionsBlock) block(view, DebriefFormBlocks.ADD_CONTACT_BLOCK);
        ButtonElement button = (ButtonElement) add.getElements().get(0);
        assertThat(button.getActionId()).isEqualTo(DebriefFormBlocks.ADD_CONTACT_ACTION);
        assertThat(button.getText().getText()).isEqualTo("Add another contact");

        assertThat(input(view, DebriefFormBlocks.ACTION_ITEMS_BLOCK).getHint().getText())
                .isEqualTo("One per line. Mention a teammate with @ to make them the owner.");
        assertThat(input(view, DebriefFormBlocks.REFERRALS_GIVEN_BLOCK).getHint().getText())
                .isEqualTo("One per line: who you introduced to whom.");
        assertThat(input(view, "action_items").isOptional()).isTrue();
        for (String id : List.of("ideas", "referrals_given", "referrals_asked")) {
            InputBlock block = input(view, id);
            assertThat(block.isOptional()).isTrue();
            assertThat(((PlainTextInputElement) block.getElement()).isMultiline()).isTrue();
        }
    }

    @Test
    void everyInputUsesTheSameActionId() {
        View view = DebriefFormBlocks.view(fullDebrief(), new FormMetadata(null, null, 3), List.of());

        List<String> actionIds = view.getBlocks().stream().filter(b -> b instanceof InputBlock)
                .map(b -> actionIdOf(((InputBlock) b).getElement())).distinct().collect(Collectors.toList());
        assertThat(actionIds).containsExactly(ACTION_ID);
    }

    @Test
    void prefilledForm() {
        View view = DebriefFormBlocks.view(fullDebrief(), new FormMetadata("C1", null, 2), List.of());
        write("form-prefilled", view);

        assertThat(textValue(view, "event_name")).isEqualTo("DevConf 2026");
        assertThat(((DatePickerElement) input(view, "event_date").getElement()).getInitialDate()).isEqualTo("2026-05-08");
        assertThat(((StaticSelectElement) input(view, "event_kind").getElement()).getInitialOption().getValue())
                .isEqualTo("conference");
        assertThat(((MultiUsersSelectElement) input(view, "teammates").getElement()).getInitialUsers())
                .containsExactly("U0TEAM1", "U0TEAM2");

        assertThat(textValue(view, "contact_1_name")).isEqualTo("Ana López");
        assertThat(textValue(view, "contact_1_company")).isEqualTo("Acme");
        assertThat(textValue(view, "contact_1_role")).isEqualTo("CTO");
        assertThat(((EmailTextInputElement) input(view, "contact_1_email").getElement()).getInitialValue())
                .isEqualTo("ana@acme.com");
        assertThat(((URLTextInputElement) input(view, "contact_1_profile_url").getElement()).getInitialValue())
                .isEqualTo("https://linkedin.com/in/ana");
        assertThat(textValue(view, "contact_1_notes")).isEqualTo("Wants a demo.\nHates long calls.");
        assertThat(((DatePickerElement) input(view, "contact_1_follow_up").getElement()).getInitialDate())
                .isEqualTo("2026-05-20");

        assertThat(textValue(view, "contact_2_name")).isEqualTo("Bo");
        assertThat(textValue(view, "contact_2_company")).isNull();
        assertThat(((EmailTextInputElement) input(view, "contact_2_email").getElement()).getInitialValue()).isNull();
        assertThat(((DatePickerElement) input(view, "contact_2_follow_up").getElement()).getInitialDate()).isNull();

        assertThat(textValue(view, "ideas")).isEqualTo("Everyone talks about agents.");
        assertThat(RichText.toText(((com.slack.api.model.block.element.RichTextInputElement) input(view, "action_items").getElement())
                .getInitialValue())).startsWith("Send Ana the deck <@").contains("\nBook the next booth");
        assertThat(textValue(view, "referrals_given")).isEqualTo("Ana to Carla (design)\nreceived: Bo sent us Dana");
        assertThat(textValue(view, "referrals_asked")).isEqualTo("Intro to Acme's CFO");
    }

    @Test
    void aPrefillWithMoreContactsThanRowsShowsThemAllAndSaysSoInTheMetadata() {
        View view = DebriefFormBlocks.view(fullDebrief(), new FormMetadata("C1", null, 1), List.of());

        assertThat(textValue(view, "contact_2_name")).isEqualTo("Bo");
        assertThat(FormMetadata.fromJson(view.getPrivateMetadata())).isEqualTo(new FormMetadata("C1", null, 2));
    }

    @Test
    void tenRowsFitTheModalLimits() {
        View view = DebriefFormBlocks.view(fullDebrief(), new FormMetadata("C1", 9L, 10), List.of("A note."));
        write("form-ten-rows", view);

        assertThat(view.getBlocks()).hasSizeLessThanOrEqualTo(100);
        List<String> ids = blockIds(view);
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        assertThat(ids).allSatisfy(id -> assertThat(id.length()).isBetween(1, 255));
        assertThat(ids).doesNotContain(DebriefFormBlocks.ADD_CONTACT_BLOCK);
        assertThat(view.getBlocks()).noneMatch(b -> b instanceof ActionsBlock);
        assertThat(ids).contains("contact_10_name", "contact_10_follow_up");
        assertWithinBlockKitLimits(view);
    }

    @Test
    void nineRowsStillOfferAnotherContact() {
        View view = DebriefFormBlocks.view(null, new FormMetadata(null, null, 9), List.of());

        assertThat(blockIds(view)).contains(DebriefFormBlocks.ADD_CONTACT_BLOCK);
        assertWithinBlockKitLimits(view);
    }

    @Test
    void addingARowKeepsEveryExistingBlockAndActionId() {
        Debrief prefill = fullDebrief();
        View two = DebriefFormBlocks.view(prefill, new FormMetadata("C1", null, 2), List.of("Why."));
        View three = DebriefFormBlocks.view(prefill, new FormMetadata("C1", null, 3), List.of("Why."));
        write("form-three-rows", three);

        List<String> twoIds = blockIds(two);
        List<String> threeIds = blockIds(three);
        assertThat(threeIds.stream().filter(id -> !id.startsWith("contact_3_")).collect(Collectors.toList()))
                .isEqualTo(twoIds);
        int firstOfRowThree = threeIds.indexOf("contact_3_header");
        assertThat(threeIds.subList(0, firstOfRowThree)).isEqualTo(twoIds.subList(0, firstOfRowThree));
        for (String id : twoIds) {
            if (block(two, id) instanceof InputBlock twoInput) {
                assertThat(actionIdOf(input(three, id).getElement())).isEqualTo(actionIdOf(twoInput.getElement()));
            }
        }
    }

    @Test
    void longPrefillsAreCutToTheElementsMaxLength() {
        String longNotes = "n".repeat(5000);
        Debrief prefill = new Debrief("e".repeat(500), LocalDate.of(2026, 5, 8), EventKind.OTHER, List.of(),
                List.of(new Debrief.ContactEntry("x".repeat(300), "c".repeat(300), "r".repeat(300),
                        "a".repeat(300) + "@acme.com", "https://example.com/" + "p".repeat(3000), longNotes, null)),
                "i".repeat(4000),
                IntStream.range(0, 400).mapToObj(i -> new Debrief.ActionItemEntry("item number " + i, null))
                        .collect(Collectors.toList()),
                List.of(new Debrief.ReferralEntry(Debrief.ReferralDirection.ASKED, "q".repeat(3500))));

        View view = DebriefFormBlocks.view(prefill, new FormMetadata(null, null, 1), List.of());
        write("form-long-prefill", view);

        assertThat(textValue(view, "contact_1_notes")).hasSize(3000);
        assertThat(textValue(view, "event_name")).hasSize(200);
        assertThat(textValue(view, "contact_1_name")).hasSize(200);
        assertThat(textValue(view, "ideas")).hasSize(3000);
        assertThat(RichText.toText(((com.slack.api.model.block.element.RichTextInputElement) input(view, "action_items").getElement())
                .getInitialValue())).as("whole items, up to the field's 3000 characters").hasSizeLessThanOrEqualTo(3000).endsWith("\n");
        assertThat(textValue(view, "referrals_asked")).hasSize(3000);
        assertThat(((EmailTextInputElement) input(view, "contact_1_email").getElement()).getInitialValue()).hasSize(254);
        assertThat(((URLTextInputElement) input(view, "contact_1_profile_url").getElement()).getInitialValue())
                .hasSize(2000);
        assertWithinBlockKitLimits(view);
    }

    @Test
    void cuttingNeverSplitsAnEmoji() {
        String notes = "a".repeat(2999) + "😀" + "tail";

        String cut = DebriefFormBlocks.cut(notes, 3000);

        assertThat(cut).isEqualTo("a".repeat(2999));
    }

    @Test
    void notesAreShownEscapedAtTheTop() {
        View view = DebriefFormBlocks.view(null, new FormMetadata(null, null, 1),
                List.of("I couldn't tell who you met.", "You wrote <!channel> & <@U123> <https://evil.example|click>"));
        write("form-notes", view);

        LayoutBlock first = view.getBlocks().get(0);
        assertThat(first).isInstanceOf(ContextBlock.class);
        assertThat(first.getBlockId()).isEqualTo(DebriefFormBlocks.NOTES_BLOCK);
        MarkdownTextObject text = (MarkdownTextObject) ((ContextBlock) first).getElements().get(0);
        assertThat(text.getText()).isEqualTo("I couldn't tell who you met.\n"
                + "You wrote &lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil.example|click&gt;");
        assertThat(text.getText()).doesNotContain("<", ">");
    }

    @Test
    void blankOrMissingNotesAddNoContextBlock() {
        assertThat(DebriefFormBlocks.view(null, new FormMetadata(null, null, 1), null).getBlocks())
                .noneMatch(b -> b instanceof ContextBlock);
        List<String> blanks = new ArrayList<>();
        blanks.add(null);
        blanks.add("   ");
        assertThat(DebriefFormBlocks.view(null, new FormMetadata(null, null, 1), blanks).getBlocks())
                .noneMatch(b -> b instanceof ContextBlock);
    }

    @Test
    void tooManyNotesAreDroppedWholeToStayWithinTheTextLimit() {
        List<String> notes = IntStream.range(0, 100).mapToObj(i -> "<" + "x".repeat(100) + ">")
                .collect(Collectors.toList());

        View view = DebriefFormBlocks.view(null, new FormMetadata(null, null, 1), notes);
        write("form-many-notes", view);

        String text = ((MarkdownTextObject) ((ContextBlock) view.getBlocks().get(0)).getElements().get(0)).getText();
        assertThat(text.length()).isLessThanOrEqualTo(3000);
        assertThat(text.split("\n")).allSatisfy(line -> assertThat(line).isEqualTo("&lt;" + "x".repeat(100) + "&gt;"));
    }

    @Test
    void editingTitle() {
        View view = DebriefFormBlocks.view(fullDebrief(), new FormMetadata("C1", 77L, 2), List.of());
        write("form-edit", view);

        assertThat(view.getTitle().getText()).isEqualTo("Edit debrief");
        assertThat(FormMetadata.fromJson(view.getPrivateMetadata()).editingDebriefId()).isEqualTo(77L);
    }

    @Test
    void nullMetadataIsAnEmptyNewForm() {
        View view = DebriefFormBlocks.view(null, null, null);

        assertThat(view.getTitle().getText()).isEqualTo("Debrief");
        assertThat(FormMetadata.fromJson(view.getPrivateMetadata())).isEqualTo(new FormMetadata(null, null, 1));
    }

    @Test
    void serialisesTheWaySlackExpects() {
        View view = DebriefFormBlocks.view(fullDebrief(), new FormMetadata("C1", null, 2), List.of("Note"));

        String json = SLACK_JSON.toJson(view);

        assertThat(json).contains("\"callback_id\":\"met_debrief\"", "\"private_metadata\":",
                "\"type\":\"email_text_input\"", "\"type\":\"url_text_input\"", "\"initial_date\":\"2026-05-08\"",
                "\"block_id\":\"contact_1_name\"", "\"action_id\":\"value\"");
    }

    // --- helpers ---

    static void write(String name, View view) {
        Path dir = Path.of(System.getProperty("met.payloads.dir", "target/slack-payloads"));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".json"), SLACK_JSON.toJson(view), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("could not write " + name, e);
        }
    }

    static List<String> blockIds(View view) {
        return view.getBlocks().stream().map(LayoutBlock::getBlockId).collect(Collectors.toList());
    }

    static LayoutBlock block(View view, String blockId) {
        return view.getBlocks().stream().filter(b -> blockId.equals(b.getBlockId())).findFirst()
                .orElseThrow(() -> new AssertionError("no block " + blockId));
    }

    static InputBlock input(View view, String blockId) {
        return (InputBlock) block(view, blockId);
    }

    private static String textValue(View view, String blockId) {
        return ((PlainTextInputElement) input(view, blockId).getElement()).getInitialValue();
    }

    private static String actionIdOf(Object element) {
        if (element instanceof PlainTextInputElement e) {
            return e.getActionId();
        } else if (element instanceof EmailTextInputElement e) {
            return e.getActionId();
        } else if (element instanceof URLTextInputElement e) {
            return e.getActionId();
        } else if (element instanceof DatePickerElement e) {
            return e.getActionId();
        } else if (element instanceof StaticSelectElement e) {
            return e.getActionId();
        } else if (element instanceof MultiUsersSelectElement e) {
            return e.getActionId();
        } else if (element instanceof com.slack.api.model.block.element.RichTextInputElement e) {
            return e.getActionId();
        }
        throw new AssertionError("unexpected element " + element);
    }

    /** The limits of SLACK.md that the model does not enforce. */
    private static void assertWithinBlockKitLimits(View view) {
        assertThat(view.getTitle().getText().length()).isLessThanOrEqualTo(24);
        assertThat(view.getSubmit().getText().length()).isLessThanOrEqualTo(24);
        assertThat(view.getClose().getText().length()).isLessThanOrEqualTo(24);
        assertThat(view.getPrivateMetadata().length()).isLessThanOrEqualTo(3000);
        assertThat(view.getBlocks()).hasSizeLessThanOrEqualTo(100);
        for (LayoutBlock block : view.getBlocks()) {
            if (block instanceof InputBlock input) {
                assertThat(input.getLabel().getText().length()).isBetween(1, 2000);
                if (input.getHint() != null) {
                    assertThat(input.getHint().getText().length()).isLessThanOrEqualTo(150);
                }
                if (input.getElement() instanceof PlainTextInputElement text) {
                    assertThat(text.getMaxLength()).isLessThanOrEqualTo(3000);
                    if (text.getPlaceholder() != null) {
                        assertThat(text.getPlaceholder().getText().length()).isLessThanOrEqualTo(150);
                    }
                    if (text.getInitialValue() != null) {
                        assertThat(text.getInitialValue().length()).isLessThanOrEqualTo(text.getMaxLength());
                    }
                }
                if (input.getElement() instanceof StaticSelectElement select) {
                    assertThat(select.getOptions()).hasSizeLessThanOrEqualTo(100).allSatisfy(o -> {
                        assertThat(((PlainTextObject) o.getText()).getText().length()).isLessThanOrEqualTo(75);
                        assertThat(o.getValue().length()).isLessThanOrEqualTo(75);
                    });
                }
            } else if (block instanceof HeaderBlock header) {
                assertThat(header.getText().getText().length()).isLessThanOrEqualTo(150);
            }
        }
    }
}
