package met.capture;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import met.slack.ActionReply;

/** The buttons under a confirmation: Edit and Add details open the form on the debrief, Undo removes it. */
public final class CaptureActions {
    private final CaptureService captures;
    private final DebriefForm form;
    private final ActionReply replies;

    public CaptureActions(CaptureService captures, DebriefForm form, Executor afterAck) {
        this.captures = captures;
        this.form = form;
        this.replies = new ActionReply(afterAck);
    }

    public Response edit(BlockActionRequest request, ActionContext ctx) {
        BlockActionPayload p = request.getPayload();
        String teamId = p.getTeam().getId();
        String userId = p.getUser().getId();
        Optional<Long> debriefId = debriefId(p);
        Optional<String> author = debriefId.flatMap(id -> captures.authorOf(teamId, id));
        if (author.isEmpty()) {
            replies.add(ctx, CaptureBlocks.gone());
        } else if (!author.get().equals(userId)) {
            replies.add(ctx, CaptureBlocks.notYours(author.get()));
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
            replies.add(ctx, CaptureBlocks.gone());
            return ctx.ack();
        }
        CaptureService.Change change = captures.undo(p.getTeam().getId(), p.getUser().getId(), debriefId.get());
        if (change instanceof CaptureService.Change.Done done) {
            replies.replace(ctx, CaptureBlocks.undone(done.saved()), null);
        } else if (change instanceof CaptureService.Change.NotYours notYours) {
            replies.add(ctx, CaptureBlocks.notYours(notYours.authorId()));
        } else {
            replies.add(ctx, CaptureBlocks.gone());
        }
        return ctx.ack();
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
