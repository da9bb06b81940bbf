package met.help;

import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;

/** {@code /met help}, and the hint for anything {@code /met} does not understand. Everything is ephemeral. */
public final class HelpCommand {

    public Response help(String args, SlashCommandRequest request, SlashCommandContext ctx) {
        return ctx.ack(r -> r.responseType("ephemeral").text(HelpBlocks.usageText()).blocks(HelpBlocks.usage()));
    }

    public Response unknown(String text, SlashCommandRequest request, SlashCommandContext ctx) {
        return ctx.ack(r -> r.responseType("ephemeral").text(HelpBlocks.unknownText(text)));
    }
}
