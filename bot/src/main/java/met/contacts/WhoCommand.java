package met.contacts;

import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import met.capture.SlackText;

/**
 * {@code /met who <company, name or email>}: which teammates met whom, for a warm introduction. One indexed search
 * answers well within Slack's 3 seconds, so the answer is the ack itself, shown only to the one who asked.
 */
public final class WhoCommand {
    private final ContactSearch search;

    public WhoCommand(ContactSearch search) {
        this.search = search;
    }

    public Response handle(String args, SlashCommandRequest request, SlashCommandContext ctx) {
        // Slack sends a typed email as <mailto:…|…> and escapes &, < and >: search for what the user typed.
        String query = SlackText.unescape(args).strip();
        if (!ContactSearch.isSearchable(query)) {
            return ctx.ack(r -> r.responseType("ephemeral").text(WhoBlocks.usageText()));
        }
        String teamId = request.getPayload().getTeamId();
        ContactSearch.Result result = search.search(teamId, query);
        return ctx.ack(r -> r.responseType("ephemeral").text(WhoBlocks.text(query, result))
                .blocks(WhoBlocks.blocks(query, result, request.getPayload().getUserId())));
    }
}
