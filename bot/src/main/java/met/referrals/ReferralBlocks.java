package met.referrals;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.overflowMenu;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static met.slack.Mrkdwn.escape;
import static met.slack.Mrkdwn.truncate;

import com.slack.api.model.block.element.OverflowMenuElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.Views;
import java.util.List;
import met.capture.Debrief.ReferralDirection;

/** Recording a referral from a contact shown anywhere: an overflow menu, then a one-field form. */
public final class ReferralBlocks {
    public static final String MENU_ACTION = "met_referral";
    public static final String FORM_CALLBACK_ID = "met_referral_form";
    public static final String NOTE_BLOCK = "referral_note";
    public static final String NOTE_INPUT = "value";

    private ReferralBlocks() {
    }

    /** The accessory of a contact's section; option values are "direction:contactId" (well under 75 characters). */
    public static OverflowMenuElement menu(long contactId) {
        return overflowMenu(o -> o.actionId(MENU_ACTION).options(List.of(
                option(plainText("I gave them a referral"), ReferralDirection.GIVEN.code() + ":" + contactId),
                option(plainText("I asked them for a referral"), ReferralDirection.ASKED.code() + ":" + contactId),
                option(plainText("They referred someone to me"), ReferralDirection.RECEIVED.code() + ":" + contactId))));
    }

    static String phrase(ReferralDirection direction, String name) {
        String who = "*" + escape(truncate(name, 150)) + "*";
        if (direction == ReferralDirection.GIVEN) {
            return "You gave " + who + " a referral";
        }
        if (direction == ReferralDirection.ASKED) {
            return "You asked " + who + " for a referral";
        }
        return who + " referred someone to you";
    }

    static View form(ReferralDirection direction, String contactName, String privateMetadata) {
        return Views.view(v -> v.type("modal").callbackId(FORM_CALLBACK_ID)
                .title(Views.viewTitle(t -> t.type("plain_text").text("Referral")))
                .submit(Views.viewSubmit(t -> t.type("plain_text").text("Save")))
                .close(Views.viewClose(t -> t.type("plain_text").text("Cancel")))
                .privateMetadata(privateMetadata)
                .blocks(List.of(
                        section(s -> s.text(markdownText(phrase(direction, contactName) + "."))),
                        input(i -> i.blockId(NOTE_BLOCK).optional(true).label(plainText("Who and what?"))
                                .element(plainTextInput(p -> p.actionId(NOTE_INPUT).multiline(true).maxLength(1000)
                                        .placeholder(plainText("Introduced Dana to our CFO about the pilot"))))))));
    }

    static String recorded(ReferralDirection direction, String contactName, int given, int received) {
        return ":handshake: " + phrase(direction, contactName) + " — recorded. Your balance: given " + given
                + " · received " + received + ". Networking is a two-way street.";
    }
}
