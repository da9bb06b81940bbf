package met.followups;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.view.ViewState;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import met.slack.ActionReply;
import met.slack.ResponseUrl;
import met.workspace.Workspaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The buttons on a follow-up (in the reminder DM, /met followups and the App Home) and the note form. */
public final class FollowUpActions {
    private static final Logger log = LoggerFactory.getLogger(FollowUpActions.class);

    private final FollowUpService followUps;
    private final Workspaces workspaces;
    private final ResponseUrl responses;
    private final BiConsumer<String, String> republishHome;
    private final Executor afterAck;
    private final ActionReply replies;

    /**
     * @param republishHome rebuilds a teammate's App Home (team, user) after a button there changed something; it returns
     *                      at once and publishes after the ack
     */
    public FollowUpActions(FollowUpService followUps, Workspaces workspaces, ResponseUrl responses,
                           BiConsumer<String, String> republishHome, Executor afterAck) {
        this.followUps = followUps;
        this.workspaces = workspaces;
        this.responses = responses;
        this.republishHome = republishHome;
        this.afterAck = afterAck;
        this.replies = new ActionReply(afterAck);
    }

    public Response done(BlockActionRequest request, ActionContext ctx) {
        return act(request, ctx, (team, user, ref, today) -> followUps.done(team, user, ref.id(), today));
    }

    public Response snoozeWeek(BlockActionRequest request, ActionContext ctx) {
        return act(request, ctx, (team, user, ref, today) -> followUps.snooze(team, user, ref.id(), today.plusWeeks(1), today));
    }

    public Response snoozeUntil(BlockActionRequest request, ActionContext ctx) {
        String picked = request.getPayload().getActions().get(0).getSelectedDate();
        return act(request, ctx, (team, user, ref, today) -> {
            try {
                return followUps.snooze(team, user, ref.id(), LocalDate.parse(picked), today);
            } catch (RuntimeException e) {
                return new FollowUpService.Outcome.Invalid("Pick a day from the calendar.");
            }
        });
    }

    /** "Log a note" opens a small form; the trigger id lives 3 s, so it opens before anything else. */
    public Response openNote(BlockActionRequest request, ActionContext ctx) {
        BlockActionPayload p = request.getPayload();
        Optional<FollowUpBlocks.Ref> ref = ref(p);
        String teamId = p.getTeam().getId();
        Optional<FollowUp> followUp = ref.flatMap(r -> followUps.byIds(teamId, List.of(r.id())).stream().findFirst());
        if (followUp.isEmpty()) {
            replies.add(ctx, FollowUpBlocks.gone());
            return ctx.ack();
        }
        if (!followUp.get().ownerId().equals(p.getUser().getId())) {
            replies.add(ctx, FollowUpBlocks.notYours(followUp.get().ownerId()));
            return ctx.ack();
        }
        JsonObject metadata = new JsonObject();
        metadata.addProperty("blockId", p.getActions().get(0).getBlockId());
        if (p.getResponseUrl() != null) {
            metadata.addProperty("responseUrl", p.getResponseUrl());
        }
        metadata.addProperty("fromHome", fromHome(p));
        try {
            var response = ctx.client().viewsOpen(r -> r.triggerId(p.getTriggerId()).view(FollowUpBlocks.noteForm(followUp.get(), metadata.toString())));
            if (!response.isOk()) {
                log.warn("views.open failed: {}", response.getError());
            }
        } catch (Exception e) {
            log.warn("views.open failed: {}", e.toString());
        }
        return ctx.ack();
    }

    public Response saveNote(ViewSubmissionRequest request, ViewSubmissionContext ctx) {
        var p = request.getPayload();
        String teamId = p.getTeam().getId();
        String userId = p.getUser().getId();
        JsonObject metadata = parse(p.getView().getPrivateMetadata());
        Optional<FollowUpBlocks.Ref> ref = FollowUpBlocks.Ref.parse(metadata.has("blockId") ? metadata.get("blockId").getAsString() : null);
        String note = noteText(p.getView().getState() == null ? Map.of() : p.getView().getState().getValues());
        if (note == null) {
            return ctx.ack(r -> r.responseAction("errors").errors(Map.of(FollowUpBlocks.NOTE_BLOCK, "Write a few words about what happened.")));
        }
        if (ref.isEmpty()) {
            return ctx.ack(r -> r.responseAction("errors").errors(Map.of(FollowUpBlocks.NOTE_BLOCK, FollowUpBlocks.gone())));
        }
        LocalDate today = workspaces.today(teamId, userId);
        FollowUpService.Outcome outcome;
        try {
            outcome = followUps.note(teamId, userId, ref.get().id(), note, today);
        } catch (org.jooq.exception.DataAccessException e) {
            log.error("saving a note failed: team={} user={}", teamId, userId, e);
            return ctx.ack(r -> r.responseAction("errors").errors(Map.of(FollowUpBlocks.NOTE_BLOCK,
                    "Met couldn't save just now. Nothing you typed is lost: press Save again in a moment.")));
        }
        if (outcome instanceof FollowUpService.Outcome.NotYours notYours) {
            return ctx.ack(r -> r.responseAction("errors").errors(Map.of(FollowUpBlocks.NOTE_BLOCK, FollowUpBlocks.notYours(notYours.ownerId()))));
        }
        if (outcome instanceof FollowUpService.Outcome.NotFound) {
            return ctx.ack(r -> r.responseAction("errors").errors(Map.of(FollowUpBlocks.NOTE_BLOCK, FollowUpBlocks.gone())));
        }
        if (metadata.has("responseUrl")) {
            String url = metadata.get("responseUrl").getAsString();
            afterAck.execute(() -> refresh(teamId, url, ref.get(), today));
        }
        if (metadata.has("fromHome") && metadata.get("fromHome").getAsBoolean()) {
            republishHome.accept(teamId, userId);
        }
        return ctx.ack();
    }

    @FunctionalInterface
    private interface Action {
        FollowUpService.Outcome apply(String teamId, String userId, FollowUpBlocks.Ref ref, LocalDate today);
    }

    private Response act(BlockActionRequest request, ActionContext ctx, Action action) {
        BlockActionPayload p = request.getPayload();
        Optional<FollowUpBlocks.Ref> ref = ref(p);
        if (ref.isEmpty()) {
            replies.add(ctx, FollowUpBlocks.gone());
            return ctx.ack();
        }
        String teamId = p.getTeam().getId();
        LocalDate today = workspaces.today(teamId, p.getUser().getId());
        FollowUpService.Outcome outcome = action.apply(teamId, p.getUser().getId(), ref.get(), today);
        if (outcome instanceof FollowUpService.Outcome.NotYours notYours) {
            replies.add(ctx, FollowUpBlocks.notYours(notYours.ownerId()));
        } else if (outcome instanceof FollowUpService.Outcome.NotFound) {
            replies.add(ctx, FollowUpBlocks.gone());
        } else if (outcome instanceof FollowUpService.Outcome.Invalid invalid) {
            replies.add(ctx, ":calendar: " + invalid.message());
        } else if (fromHome(p)) {
            String userId = p.getUser().getId();
            republishHome.accept(teamId, userId);
        } else if (p.getResponseUrl() != null) {
            String url = p.getResponseUrl();
            afterAck.execute(() -> refresh(teamId, url, ref.get(), today));
        }
        return ctx.ack();
    }

    /** Re-renders the message the button was on, with what changed in place of its buttons. */
    private void refresh(String teamId, String responseUrl, FollowUpBlocks.Ref ref, LocalDate today) {
        List<FollowUp> shown = followUps.byIds(teamId, ref.shown());
        try {
            responses.replace(responseUrl, FollowUpBlocks.listText(shown.size()), FollowUpBlocks.refreshed(shown, today));
        } catch (Exception e) {
            log.warn("could not update the follow-up message: {}", e.toString());
        }
    }

    private static boolean fromHome(BlockActionPayload p) {
        return p.getView() != null && "home".equals(p.getView().getType());
    }

    private static Optional<FollowUpBlocks.Ref> ref(BlockActionPayload p) {
        if (p.getActions() == null || p.getActions().isEmpty()) {
            return Optional.empty();
        }
        return FollowUpBlocks.Ref.parse(p.getActions().get(0).getBlockId());
    }

    private static String noteText(Map<String, Map<String, ViewState.Value>> values) {
        Map<String, ViewState.Value> block = values.get(FollowUpBlocks.NOTE_BLOCK);
        ViewState.Value value = block == null ? null : block.get(FollowUpBlocks.NOTE_INPUT);
        String text = value == null ? null : value.getValue();
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static JsonObject parse(String json) {
        try {
            return JsonParser.parseString(json == null ? "{}" : json).getAsJsonObject();
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }
}
