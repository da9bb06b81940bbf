package met.capture;

import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The buttons under a confirmation: Edit and Add details open the form on the debrief, Undo removes it. */
public final class CaptureActions {
    private static final Logger log = LoggerFactory.getLogger(CaptureActions.class);

    private final CaptureService captures;
    private final DebriefForm form;
    private final Executor afterAck;

    public CaptureActions(CaptureService captures, DebriefForm form, Executor afterAck) {
        this.captures = captures;
        this.form = form;
        this.afterAck = afterAck;
    }

    public Response edit(BlockActionRequest request, ActionContext ctx) {
        BlockActionPayload p = request.getPayload();
        String teamId = p.getTeam().getId();
        String userId = p.getUser().getId();
        Optional<Long> debriefId = debriefId(p);
        Optional<String> author = debriefId.flatMap(id -> captures.authorOf(teamId, id));
        if (author.isEmpty()) {
            reply(ctx, CaptureBlocks.gone());
        } else if (!author.get().equals(userId)) {
            reply(ctx, CaptureBlocks.notYours(author.get()));
        } else {
            Debrief debrief = captures.find(teamId, debriefId.get()).orElseThrow();
            String channelId = p.getChannel() == null ? null : p.getChannel().getId();
            form.open(ctx.client(), p.getTriggerId(), debrief,
                    new FormMetadata(channelId, debriefId.get(), Math.max(1, debrief.contacts().size())), List.of());
        }
        return ctx.ack();
    }

    public Response undo(BlockActionRequest request, ActionContext ctx) {
        BlockActionPayload p = request.getPayload();
        Optional<Long> debriefId = debriefId(p);
        if (debriefId.isEmpty()) {
            reply(ctx, CaptureBlocks.gone());
            return ctx.ack();
        }
        CaptureService.Change change = captures.undo(p.getTeam().getId(), p.getUser().getId(), debriefId.get());
        if (change instanceof CaptureService.Change.Done done) {
            afterAck.execute(() -> respond(ctx, true, CaptureBlocks.undone(done.saved())));
        } else if (change instanceof CaptureService.Change.NotYours notYours) {
            reply(ctx, CaptureBlocks.notYours(notYours.authorId()));
        } else {
            reply(ctx, CaptureBlocks.gone());
        }
        return ctx.ack();
    }

    /** A new ephemeral message beside the original, sent after the ack through response_url. */
    private void reply(ActionContext ctx, String text) {
        afterAck.execute(() -> respond(ctx, false, text));
    }

    private static void respond(ActionContext ctx, boolean replaceOriginal, String text) {
        if (ctx.getResponseUrl() == null) {
            return;
        }
        try {
            ctx.respond(r -> r.responseType("ephemeral").replaceOriginal(replaceOriginal).text(text));
        } catch (Exception e) {
            log.warn("response_url failed: {}", e.toString());
        }
    }

    /** Button values are ours, but a payload can be forged or stale: anything but a number is "gone". */
    private static Optional<Long> debriefId(BlockActionPayload p) {
        if (p.getActions() == null || p.getActions().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(p.getActions().get(0).getValue()));
        } catch (NumberFormatException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
