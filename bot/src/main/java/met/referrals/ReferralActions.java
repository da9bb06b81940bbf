package met.referrals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.view.ViewState;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import met.capture.Debrief.ReferralDirection;
import met.slack.AfterAckCalls;
import met.slack.SlackApi;
import met.team.TeamStats;
import met.workspace.Workspaces;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A referral given to, asked of, or received from a contact, recorded from the menu beside the contact. */
public final class ReferralActions {
    private static final Logger log = LoggerFactory.getLogger(ReferralActions.class);

    private final DSLContext db;
    private final TeamStats stats;
    private final Workspaces workspaces;
    private final SlackApi slack;
    private final AfterAckCalls afterAck;

    public ReferralActions(DSLContext db, TeamStats stats, Workspaces workspaces, SlackApi slack, AfterAckCalls afterAck) {
        this.db = db;
        this.stats = stats;
        this.workspaces = workspaces;
        this.slack = slack;
        this.afterAck = afterAck;
    }

    /** A pick in the menu opens the form; the trigger id lives 3 s, so it comes first. */
    public Response choose(BlockActionRequest request, ActionContext ctx) {
        var p = request.getPayload();
        var action = p.getActions().get(0);
        String value = action.getSelectedOption() == null ? null : action.getSelectedOption().getValue();
        Optional<Choice> choice = Choice.parse(value);
        Optional<String> name = choice.flatMap(c -> new ReferralRepository(db).contactName(p.getTeam().getId(), c.contactId()));
        if (name.isEmpty()) {
            return ctx.ack(); // a stale or foreign menu: nothing to record
        }
        JsonObject metadata = new JsonObject();
        metadata.addProperty("choice", value);
        if (p.getChannel() != null) {
            metadata.addProperty("channel", p.getChannel().getId());
        }
        try {
            var response = ctx.client().viewsOpen(r -> r.triggerId(p.getTriggerId())
                    .view(ReferralBlocks.form(choice.get().direction(), name.get(), metadata.toString())));
            if (!response.isOk()) {
                log.warn("views.open failed: {}", response.getError());
            }
        } catch (Exception e) {
            log.warn("views.open failed: {}", e.toString());
        }
        return ctx.ack();
    }

    public Response save(ViewSubmissionRequest request, ViewSubmissionContext ctx) {
        var p = request.getPayload();
        String teamId = p.getTeam().getId();
        String userId = p.getUser().getId();
        JsonObject metadata;
        try {
            metadata = JsonParser.parseString(p.getView().getPrivateMetadata()).getAsJsonObject();
        } catch (RuntimeException e) {
            metadata = new JsonObject();
        }
        Optional<Choice> choice = Choice.parse(metadata.has("choice") ? metadata.get("choice").getAsString() : null);
        Optional<String> name = choice.flatMap(c -> new ReferralRepository(db).contactName(teamId, c.contactId()));
        if (name.isEmpty()) {
            return ctx.ack(r -> r.responseAction("errors").errors(Map.of(ReferralBlocks.NOTE_BLOCK,
                    "That contact is no longer in the team's memory.")));
        }
        LocalDate today = workspaces.today(teamId, userId);
        String note = note(p.getView().getState() == null ? Map.of() : p.getView().getState().getValues());
        try {
            new ReferralRepository(db).insert(teamId, userId, choice.get().contactId(), choice.get().direction().code(),
                    note == null ? "" : note, today);
        } catch (org.jooq.exception.DataAccessException e) {
            log.error("saving a referral failed: team={} user={}", teamId, userId, e);
            return ctx.ack(r -> r.responseAction("errors").errors(Map.of(ReferralBlocks.NOTE_BLOCK,
                    "Met couldn't save just now. Nothing you typed is lost: press Save again in a moment.")));
        }
        TeamStats.Balance balance = stats.balance(teamId, userId);
        String text = ReferralBlocks.recorded(choice.get().direction(), name.get(), balance.given(), balance.received());
        afterAck.execute("referral confirmation to team=" + teamId + " user=" + userId, () -> {
            var response = slack.client(teamId).chatPostMessage(r -> r.channel(userId).text(text));
            if (!response.isOk()) {
                log.warn("referral confirmation failed: {}", response.getError());
            }
        });
        return ctx.ack();
    }

    private static String note(Map<String, Map<String, ViewState.Value>> values) {
        Map<String, ViewState.Value> block = values.get(ReferralBlocks.NOTE_BLOCK);
        ViewState.Value value = block == null ? null : block.get(ReferralBlocks.NOTE_INPUT);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue().strip();
    }

    /** What the menu's option value says: "given:42". */
    record Choice(ReferralDirection direction, long contactId) {
        static Optional<Choice> parse(String value) {
            if (value == null) {
                return Optional.empty();
            }
            String[] parts = value.split(":", 2);
            Optional<ReferralDirection> direction = Arrays.stream(ReferralDirection.values()).filter(d -> d.code().equals(parts[0])).findFirst();
            try {
                return parts.length == 2 && direction.isPresent()
                        ? Optional.of(new Choice(direction.get(), Long.parseLong(parts[1]))) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}
