package met.capture;

import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import java.time.LocalDate;
import java.util.List;
import met.db.Database;
import met.slack.Mrkdwn;
import met.workspace.Workspaces;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /met <capture>} saves who was met in one line; {@code /met} alone, or a line that cannot be read with
 * confidence, opens the debrief form pre-filled with what was understood: a guess is never saved silently.
 */
public final class CaptureCommand {
    private static final Logger log = LoggerFactory.getLogger(CaptureCommand.class);

    private final CaptureParser parser;
    private final CaptureService captures;
    private final Workspaces workspaces;
    private final DebriefForm form;

    public CaptureCommand(CaptureParser parser, CaptureService captures, Workspaces workspaces, DebriefForm form) {
        this.parser = parser;
        this.captures = captures;
        this.workspaces = workspaces;
        this.form = form;
    }

    public Response handle(String text, SlashCommandRequest request, SlashCommandContext ctx) {
        SlashCommandPayload p = request.getPayload();
        try {
            return capture(text, p, ctx);
        } catch (DataAccessException e) {
            if (!Database.isUnavailable(e)) {
                throw e;
            }
            // Slack never retries a slash command: with the database away, the words in this answer are all that is
            // left of the capture. An outage is expected: one line in the log, not a stack trace per request.
            boolean busy = Database.isBusy(e);
            log.warn("capture not saved, {}: team={} user={}: {}", busy ? "no free database connection" : "database unavailable",
                    p.getTeamId(), p.getUserId(), Database.rootMessage(e));
            String why = busy ? CaptureBlocks.busy() : CaptureBlocks.databaseUnavailable();
            return ctx.ack(r -> r.responseType("ephemeral").text(why + youTyped(text)));
        }
    }

    private Response capture(String text, SlashCommandPayload p, SlashCommandContext ctx) {
        workspaces.ensure(p.getTeamId(), p.getEnterpriseId());
        LocalDate today = workspaces.today(p.getTeamId(), p.getUserId());
        Parse parse = parser.parse(text, today);
        if (parse instanceof Parse.Confident confident) {
            Saved saved = captures.create(p.getTeamId(), p.getUserId(), Debrief.of(confident.capture(), today), CaptureService.Source.QUICK, text);
            return ctx.ack(r -> r.responseType("ephemeral").text(CaptureBlocks.confirmationText(saved)).blocks(CaptureBlocks.confirmation(saved, today)));
        }
        Debrief prefill;
        List<String> reasons;
        if (parse instanceof Parse.Unsure unsure) {
            prefill = Debrief.of(unsure.partial(), today);
            reasons = unsure.reasons();
        } else {
            prefill = new Debrief(null, today, EventKind.OTHER, List.of(), List.of(), null, List.of(), List.of());
            reasons = List.of();
        }
        boolean opened = form.open(ctx.client(), p.getTriggerId(), prefill,
                new FormMetadata(p.getChannelId(), null, Math.max(1, prefill.contacts().size())), reasons);
        if (!opened) {
            return ctx.ack(r -> r.responseType("ephemeral").text(CaptureBlocks.formFailed() + youTyped(text)));
        }
        if (reasons.isEmpty()) {
            return ctx.ack(); // the form is open; an empty ack shows nothing more
        }
        // The form's fields hold 3000 characters; the user's words are also kept here, whole.
        return ctx.ack(r -> r.responseType("ephemeral").text(CaptureBlocks.openedForm(reasons)
                + (text.length() > CaptureParser.MAX_LENGTH ? youTyped(text) : "")));
    }

    private static String youTyped(String text) {
        return text.isBlank() ? "" : "\nWhat you typed:\n```" + Mrkdwn.escape(Mrkdwn.truncate(text, 30_000)) + "```";
    }
}
