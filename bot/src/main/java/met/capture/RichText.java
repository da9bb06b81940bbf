package met.capture;

import com.slack.api.model.block.RichTextBlock;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.RichTextElement;
import com.slack.api.model.block.element.RichTextListElement;
import com.slack.api.model.block.element.RichTextPreformattedElement;
import com.slack.api.model.block.element.RichTextQuoteElement;
import com.slack.api.model.block.element.RichTextSectionElement;
import java.util.ArrayList;
import java.util.List;

/**
 * Action items are typed in a rich_text_input because only there does "@ana" become a real mention (a user id);
 * a plain text input returns "@ana" as letters. The form reads rich text as lines with {@code <@U…>} tokens.
 */
final class RichText {
    private RichText() {
    }

    /** One line per paragraph or list item; mentions as {@code <@U…>}, links as their address, emoji as {@code :name:}. */
    static String toText(RichTextBlock block) {
        if (block == null || block.getElements() == null) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (BlockElement element : block.getElements()) {
            appendBlock(text, element);
        }
        return text.toString();
    }

    private static void appendBlock(StringBuilder text, BlockElement element) {
        if (element instanceof RichTextSectionElement section) {
            appendInline(text, section.getElements());
            newLine(text);
        } else if (element instanceof RichTextListElement list && list.getElements() != null) {
            for (RichTextElement item : list.getElements()) {
                if (item instanceof RichTextSectionElement section) {
                    appendInline(text, section.getElements());
                    newLine(text);
                }
            }
        } else if (element instanceof RichTextQuoteElement quote) {
            appendInline(text, quote.getElements());
            newLine(text);
        } else if (element instanceof RichTextPreformattedElement pre) {
            appendInline(text, pre.getElements());
            newLine(text);
        }
    }

    private static void appendInline(StringBuilder text, List<? extends RichTextElement> elements) {
        if (elements == null) {
            return;
        }
        for (RichTextElement e : elements) {
            if (e instanceof RichTextSectionElement.Text t && t.getText() != null) {
                text.append(t.getText());
            } else if (e instanceof RichTextSectionElement.User u && u.getUserId() != null) {
                text.append("<@").append(u.getUserId()).append('>');
            } else if (e instanceof RichTextSectionElement.Link l && l.getUrl() != null) {
                text.append(l.getText() != null && !l.getText().isBlank() ? l.getText() : l.getUrl());
            } else if (e instanceof RichTextSectionElement.Emoji emoji && emoji.getName() != null) {
                text.append(':').append(emoji.getName()).append(':');
            } else if (e instanceof RichTextSectionElement.Channel c && c.getChannelId() != null) {
                text.append("<#").append(c.getChannelId()).append('>');
            }
        }
    }

    private static void newLine(StringBuilder text) {
        if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
    }

    /** Action items as rich text: one paragraph each, the owner as a mention at its end. */
    static RichTextBlock of(List<Debrief.ActionItemEntry> items, int maxChars) {
        List<BlockElement> sections = new ArrayList<>();
        int used = 0;
        for (Debrief.ActionItemEntry item : items) {
            String line = item.text();
            if (used + line.length() > maxChars) {
                break;
            }
            used += line.length() + 1;
            List<RichTextElement> inline = new ArrayList<>();
            inline.add(RichTextSectionElement.Text.builder().text(line + (item.ownerId() == null ? "" : " ")).build());
            if (item.ownerId() != null) {
                inline.add(RichTextSectionElement.User.builder().userId(item.ownerId()).build());
            }
            inline.add(RichTextSectionElement.Text.builder().text("\n").build());
            sections.add(RichTextSectionElement.builder().elements(inline).build());
        }
        return sections.isEmpty() ? null : RichTextBlock.builder().elements(sections).build();
    }
}
