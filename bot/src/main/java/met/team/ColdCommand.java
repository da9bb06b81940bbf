package met.team;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static met.slack.Mrkdwn.escape;
import static met.slack.Mrkdwn.truncate;

import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.block.LayoutBlock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import met.workspace.Workspaces;

/** {@code /met cold}: the people nobody on the team has been in touch with lately, and who knew them last. */
public final class ColdCommand {
    private static final int SHOWN = 15;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private final TeamStats stats;
    private final Workspaces workspaces;

    public ColdCommand(TeamStats stats, Workspaces workspaces) {
        this.stats = stats;
        this.workspaces = workspaces;
    }

    public Response handle(String args, SlashCommandRequest request, SlashCommandContext ctx) {
        String teamId = request.getPayload().getTeamId();
        LocalDate today = workspaces.today(teamId, request.getPayload().getUserId());
        TeamStats.Cold cold = stats.coldContacts(teamId, today, SHOWN);
        return ctx.ack(r -> r.responseType("ephemeral").text(text(cold)).blocks(blocks(cold)));
    }

    static String text(TeamStats.Cold cold) {
        return cold.total() == 0 ? "No contacts are going cold." : cold.total() + " contacts nobody has been in touch with for "
                + cold.afterDays() + " days";
    }

    static List<LayoutBlock> blocks(TeamStats.Cold cold) {
        List<LayoutBlock> blocks = new ArrayList<>();
        if (cold.total() == 0) {
            blocks.add(section(s -> s.text(markdownText(":fire: Nobody is going cold: everyone the team met was in touch within "
                    + cold.afterDays() + " days."))));
            return blocks;
        }
        StringBuilder list = new StringBuilder(":snowflake: *Going cold* — nobody has met or followed up with them for "
                + cold.afterDays() + " days. A short note keeps the door open:");
        for (ColdContact c : cold.oldest()) {
            list.append("\n• *").append(escape(truncate(c.name(), 100))).append("*")
                    .append(c.company() == null ? "" : ", " + escape(truncate(c.company(), 100)))
                    .append(" — last touch ").append(DAY.format(c.lastTouch()))
                    .append(c.lastTeammateId() == null ? "" : " by <@" + c.lastTeammateId() + ">");
        }
        String text = truncate(list.toString(), 3000);
        blocks.add(section(s -> s.text(markdownText(text))));
        if (cold.total() > cold.oldest().size()) {
            blocks.add(context(c -> c.elements(List.of(markdownText("…and " + (cold.total() - cold.oldest().size())
                    + " more, oldest first.")))));
        }
        return blocks;
    }
}
