package met.home;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.SlackApiException;
import com.slack.api.model.event.AppHomeOpenedEvent;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import met.capture.CaptureService;
import met.capture.DebriefForm;
import met.capture.Debrief;
import met.capture.EventKind;
import met.capture.FormMetadata;
import met.followups.FollowUpService;
import met.slack.AfterAckCalls;
import met.slack.HandledEvents;
import met.slack.SlackApi;
import met.team.Period;
import met.team.TeamStats;
import met.workspace.Workspaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes the App Home when a teammate opens it (after the ack), and again after they act on it. */
public final class HomeTab {
    private static final Logger log = LoggerFactory.getLogger(HomeTab.class);
    private static final int RECENT = 5;
    private static final int FOLLOW_UPS = 5;

    private final FollowUpService followUps;
    private final CaptureService captures;
    private final TeamStats stats;
    private final Workspaces workspaces;
    private final DebriefForm form;
    private final HandledEvents handled;
    private final SlackApi slack;
    private final AfterAckCalls afterAck;

    public HomeTab(FollowUpService followUps, CaptureService captures, TeamStats stats, Workspaces workspaces, DebriefForm form,
                   HandledEvents handled, SlackApi slack, AfterAckCalls afterAck) {
        this.followUps = followUps;
        this.captures = captures;
        this.stats = stats;
        this.workspaces = workspaces;
        this.form = form;
        this.handled = handled;
        this.slack = slack;
        this.afterAck = afterAck;
    }

    public Response opened(EventsApiPayload<AppHomeOpenedEvent> payload, EventContext ctx) {
        AppHomeOpenedEvent event = payload.getEvent();
        if (!"home".equals(event.getTab()) || !handled.firstTime(payload.getTeamId(), payload.getEventId())) {
            return ctx.ack(); // the Messages tab, or a retry of a delivery already handled
        }
        String teamId = payload.getTeamId();
        publish(teamId, event.getUser());
        return ctx.ack();
    }

    /**
     * Rebuilds and publishes a teammate's Home after the ack (when it is opened, and after a button on it changed
     * something); tried again when Slack rate-limits it.
     */
    public void publish(String teamId, String userId) {
        afterAck.execute("publishing the App Home for team=" + teamId + " user=" + userId, () -> publishNow(teamId, userId));
    }

    private void publishNow(String teamId, String userId) throws IOException, SlackApiException {
        workspaces.ensure(teamId, null);
        LocalDate today = workspaces.today(teamId, userId);
        Period month = Period.monthOf(today);
        HomeBlocks.Home home = new HomeBlocks.Home(
                followUps.pending(teamId, userId, FOLLOW_UPS), followUps.countPending(teamId, userId),
                captures.recentMeetings(teamId, userId, RECENT), month, stats.numbers(teamId, month, today),
                stats.eventsPerTeammate(teamId, month).getOrDefault(userId, 0), stats.monthlyEventGoal(teamId),
                stats.balance(teamId, userId), today);
        var response = slack.client(teamId).viewsPublish(r -> r.userId(userId).view(HomeBlocks.view(home)));
        if (!response.isOk()) {
            log.warn("views.publish failed for team={} user={}: {}", teamId, userId, response.getError());
        }
    }

    /** "Log a debrief" on the Home opens the form; the trigger id lives 3 s, so nothing else comes first. */
    public Response logDebrief(BlockActionRequest request, ActionContext ctx) {
        var p = request.getPayload();
        LocalDate today = workspaces.today(p.getTeam().getId(), p.getUser().getId());
        Debrief empty = new Debrief(null, today, EventKind.OTHER, List.of(), List.of(), null, List.of(), List.of());
        form.open(ctx.client(), p.getTriggerId(), empty, new FormMetadata(null, null, 1), List.of());
        return ctx.ack();
    }
}
