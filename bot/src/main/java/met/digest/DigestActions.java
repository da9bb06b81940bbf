package met.digest;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Executor;
import met.capture.Debrief;
import met.capture.DebriefForm;
import met.capture.EventKind;
import met.capture.FormMetadata;
import met.followups.FollowUp;
import met.followups.FollowUpBlocks;
import met.followups.FollowUpService;
import met.workspace.Workspaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The digest's buttons: Log a debrief opens the form; My follow-ups answers the one who clicked, only to them. */
public final class DigestActions {
    private static final Logger log = LoggerFactory.getLogger(DigestActions.class);
    private static final int FOLLOW_UPS_SHOWN = 10;

    private final DebriefForm form;
    private final FollowUpService followUps;
    private final Workspaces workspaces;
    private final Executor afterAck;

    public DigestActions(DebriefForm form, FollowUpService followUps, Workspaces workspaces, Executor afterAck) {
        this.form = form;
        this.followUps = followUps;
        this.workspaces = workspaces;
        this.afterAck = afterAck;
    }

    /** The trigger id lives about 3 s: the form opens before anything else. */
    public Response logDebrief(BlockActionRequest request, ActionContext ctx) {
        BlockActionPayload p = request.getPayload();
        LocalDate today = workspaces.today(p.getTeam().getId(), p.getUser().getId());
        Debrief empty = new Debrief(null, today, EventKind.OTHER, List.of(), List.of(), null, List.of(), List.of());
        String channelId = p.getChannel() == null ? null : p.getChannel().getId();
        form.open(ctx.client(), p.getTriggerId(), empty, new FormMetadata(channelId, null, 1), List.of());
        return ctx.ack();
    }

    public Response followUps(BlockActionRequest request, ActionContext ctx) {
        BlockActionPayload p = request.getPayload();
        String teamId = p.getTeam().getId();
        String userId = p.getUser().getId();
        afterAck.execute(() -> {
            try {
                LocalDate today = workspaces.today(teamId, userId);
                List<FollowUp> pending = followUps.pending(teamId, userId, FOLLOW_UPS_SHOWN);
                int total = followUps.countPending(teamId, userId);
                ctx.respond(r -> r.responseType("ephemeral").replaceOriginal(false)
                        .text(FollowUpBlocks.listText(total)).blocks(FollowUpBlocks.list(pending, total, today)));
            } catch (Exception e) {
                log.warn("could not show follow-ups from a digest to team={} user={}: {}", teamId, userId, e.toString());
            }
        });
        return ctx.ack();
    }
}
