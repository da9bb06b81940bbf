package met.followups;

import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import java.time.LocalDate;
import java.util.List;
import met.workspace.Workspaces;

/** {@code /met followups}: my follow-ups, overdue and due first, each with its buttons. */
public final class FollowUpsCommand {
    private final FollowUpService followUps;
    private final Workspaces workspaces;

    public FollowUpsCommand(FollowUpService followUps, Workspaces workspaces) {
        this.followUps = followUps;
        this.workspaces = workspaces;
    }

    public Response handle(String args, SlashCommandRequest request, SlashCommandContext ctx) {
        String teamId = request.getPayload().getTeamId();
        String userId = request.getPayload().getUserId();
        LocalDate today = workspaces.today(teamId, userId);
        List<FollowUp> pending = followUps.pending(teamId, userId, FollowUpBlocks.SHOWN);
        int total = followUps.countPending(teamId, userId);
        return ctx.ack(r -> r.responseType("ephemeral").text(FollowUpBlocks.listText(total)).blocks(FollowUpBlocks.list(pending, total, today)));
    }
}
