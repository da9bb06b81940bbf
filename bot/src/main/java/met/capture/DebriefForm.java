package met.capture;

import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.views.ViewsOpenResponse;
import com.slack.api.model.view.View;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import met.db.Database;
import met.slack.AfterAckCalls;
import met.slack.SlackApi;
import met.workspace.Workspaces;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The debrief form: opening it, growing it by a contact, and saving it. A bad field or a failed save keeps the
 * form open with a message under the field, so nothing the user typed is lost.
 */
public final class DebriefForm {
    private static final Logger log = LoggerFactory.getLogger(DebriefForm.class);

    private final CaptureService captures;
    private final Workspaces workspaces;
    private final SlackApi slack;
    private final AfterAckCalls afterAck;

    public DebriefForm(CaptureService captures, Workspaces workspaces, SlackApi slack, AfterAckCalls afterAck) {
        this.captures = captures;
        this.workspaces = workspaces;
        this.slack = slack;
        this.afterAck = afterAck;
    }

    /** Opens the form; call before any other work, while the trigger id is still alive (about 3 s). */
    public boolean open(MethodsClient client, String triggerId, Debrief prefill, FormMetadata metadata, List<String> notes) {
        try {
            ViewsOpenResponse response = client.viewsOpen(r -> r.triggerId(triggerId).view(DebriefFormBlocks.view(prefill, metadata, notes)));
            if (!response.isOk()) {
                log.warn("views.open failed: {}", response.getError());
            }
            return response.isOk();
        } catch (Exception e) {
            log.warn("views.open failed: {}", e.toString());
            return false;
        }
    }

    /** "Add another contact": the same view with one more contact section, every typed value kept by Slack. */
    public Response addContact(BlockActionRequest request, ActionContext ctx) {
        View view = request.getPayload().getView();
        if (view == null) {
            return ctx.ack();
        }
        FormMetadata metadata = FormMetadata.fromJson(view.getPrivateMetadata());
        FormMetadata grown = new FormMetadata(metadata.channelId(), metadata.editingDebriefId(),
                Math.min(Debrief.MAX_CONTACTS, metadata.contactRows() + 1));
        String teamId = request.getPayload().getTeam().getId();
        String userId = request.getPayload().getUser().getId();
        afterAck.execute("views.update of a debrief form for team=" + teamId + " user=" + userId, () -> {
            LocalDate today = workspaces.today(teamId, userId);
            Debrief typed = DebriefFormReader.read(values(view), metadata, today) instanceof DebriefFormReader.Result.Valid valid
                    ? valid.debrief() : null;
            var response = slack.client(teamId).viewsUpdate(r -> r.viewId(view.getId()).hash(view.getHash())
                    .view(DebriefFormBlocks.view(typed, grown, List.of())));
            if (!response.isOk()) { // hash_conflict: the user changed the view meanwhile; their next click retries
                log.warn("views.update failed: {}", response.getError());
            }
        });
        return ctx.ack();
    }

    public Response submit(ViewSubmissionRequest request, ViewSubmissionContext ctx) {
        View view = request.getPayload().getView();
        String teamId = request.getPayload().getTeam().getId();
        String userId = request.getPayload().getUser().getId();
        FormMetadata metadata = FormMetadata.fromJson(view.getPrivateMetadata());
        LocalDate today;
        Saved saved;
        try {
            workspaces.ensure(teamId, request.getPayload().getEnterprise() == null ? null : request.getPayload().getEnterprise().getId());
            today = workspaces.today(teamId, userId);
            DebriefFormReader.Result result = DebriefFormReader.read(values(view), metadata, today);
            if (result instanceof DebriefFormReader.Result.Invalid invalid) {
                return ctx.ack(r -> r.responseAction("errors").errors(invalid.errors()));
            }
            Debrief debrief = ((DebriefFormReader.Result.Valid) result).debrief();
            if (metadata.editingDebriefId() == null) {
                saved = captures.createFromForm(teamId, userId, debrief, view.getId());
            } else {
                CaptureService.Change change = captures.update(teamId, userId, metadata.editingDebriefId(), debrief);
                if (change instanceof CaptureService.Change.NotYours notYours) {
                    return error(ctx, "Only the teammate who recorded this debrief can change it (<@" + notYours.authorId() + ">).");
                }
                if (change instanceof CaptureService.Change.NotFound) {
                    return error(ctx, "This debrief was undone meanwhile. Copy what you need, then start a new one with /met.");
                }
                saved = ((CaptureService.Change.Done) change).saved();
            }
        } catch (DataAccessException e) {
            boolean busy = Database.isBusy(e);
            if (Database.isUnavailable(e)) { // an outage or an overload is expected: one line, not a stack trace per submission
                log.warn("debrief not saved, {}: team={} user={}: {}", busy ? "no free database connection" : "database unavailable",
                        teamId, userId, Database.rootMessage(e));
            } else {
                log.error("saving a debrief failed: team={} user={}", teamId, userId, e);
            }
            return error(ctx, busy ? "Met is very busy right now and couldn't save in time. Nothing you typed is lost: press Save again in a moment."
                    : "Met couldn't save just now. Nothing you typed is lost: press Save again in a moment.");
        }
        LocalDate day = today;
        Saved done = saved;
        afterAck.execute("confirming a saved debrief to team=" + teamId + " user=" + userId,
                () -> confirm(teamId, userId, metadata.channelId(), done, day));
        return ctx.ack();
    }

    /** A message under the form's first field; the form stays open with everything typed. */
    private static Response error(ViewSubmissionContext ctx, String message) {
        return ctx.ack(r -> r.responseAction("errors").errors(Map.of(DebriefFormBlocks.EVENT_NAME_BLOCK, message)));
    }

    /** The confirmation goes where /met was typed, only to its author; in a DM when that is not possible. */
    private void confirm(String teamId, String userId, String channelId, Saved saved, LocalDate today) throws IOException, SlackApiException {
        MethodsClient client = slack.client(teamId);
        if (channelId != null) {
            var ephemeral = client.chatPostEphemeral(r -> r.channel(channelId).user(userId)
                    .text(CaptureBlocks.confirmationText(saved)).blocks(CaptureBlocks.confirmation(saved, today)));
            if (ephemeral.isOk()) {
                return;
            }
        }
        var dm = client.chatPostMessage(r -> r.channel(userId)
                .text(CaptureBlocks.confirmationText(saved)).blocks(CaptureBlocks.confirmation(saved, today)));
        if (!dm.isOk()) {
            log.warn("could not confirm a saved debrief to team={} user={}: {}", teamId, userId, dm.getError());
        }
    }

    private static Map<String, Map<String, com.slack.api.model.view.ViewState.Value>> values(View view) {
        return view.getState() == null ? Map.of() : view.getState().getValues();
    }
}
