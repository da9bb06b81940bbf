package met.slack;

import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.SlackApiException;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /met} is one command with many verbs. This router hands each verb to the feature that owns it, so
 * features stay siblings that never need to know each other; any text that is not a verb goes to the fallback.
 */
public final class MetCommand implements SlashCommandHandler {
    public static final String NAME = "/met";

    /** One lower-case word is a mistyped verb ("/met hlep") far more often than a person's name. */
    private static final Pattern LOOKS_LIKE_A_VERB = Pattern.compile("[a-z]+");
    /** Compiled once: String.split with a regex compiles it on every call, and this runs on every /met. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final Map<String, Subcommand> verbs;
    private final Subcommand unknownVerb;
    private final Subcommand fallback;

    /**
     * @param verbs       by lower-case verb; the empty verb is {@code /met} typed alone
     * @param unknownVerb receives a single lower-case word that is not a verb
     * @param fallback    receives the whole text otherwise
     */
    public MetCommand(Map<String, Subcommand> verbs, Subcommand unknownVerb, Subcommand fallback) {
        this.verbs = Map.copyOf(verbs);
        this.unknownVerb = unknownVerb;
        this.fallback = fallback;
    }

    @Override
    public Response apply(SlashCommandRequest request, SlashCommandContext ctx) throws IOException, SlackApiException {
        String text = request.getPayload().getText() == null ? "" : request.getPayload().getText().strip();
        String[] split = WHITESPACE.split(text, 2);
        Subcommand verb = verbs.get(split[0].toLowerCase(Locale.ROOT));
        if (verb != null) {
            return verb.handle(split.length > 1 ? split[1].strip() : "", request, ctx);
        }
        if (LOOKS_LIKE_A_VERB.matcher(text).matches()) {
            return unknownVerb.handle(text, request, ctx);
        }
        return fallback.handle(text, request, ctx);
    }
}
