package met.slack;

import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.SlackApiException;
import java.io.IOException;

/** One verb of {@code /met}, owned by the feature that implements it. Must answer within Slack's 3 seconds. */
@FunctionalInterface
public interface Subcommand {
    /**
     * @param args what the user typed after the verb (trimmed; the whole text for the fallback)
     */
    Response handle(String args, SlashCommandRequest request, SlashCommandContext ctx) throws IOException, SlackApiException;
}
