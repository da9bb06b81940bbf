package met.privacy;

import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import met.workspace.Workspaces;

/**
 * {@code /met forget <contact>}: for admins, shows exactly what erasing a contact would delete and asks; nothing
 * is erased until Erase is pressed and confirmed (see {@link ErasureActions}).
 */
public final class ForgetCommand {
    private final ErasureService erasures;
    private final Admins admins;
    private final Workspaces workspaces;

    public ForgetCommand(ErasureService erasures, Admins admins, Workspaces workspaces) {
        this.erasures = erasures;
        this.admins = admins;
        this.workspaces = workspaces;
    }

    public Response handle(String args, SlashCommandRequest request, SlashCommandContext ctx) {
        var p = request.getPayload();
        String teamId = p.getTeamId();
        workspaces.ensure(teamId, p.getEnterpriseId());
        Admins.Access access = admins.check(teamId, p.getUserId());
        if (access instanceof Admins.Access.Refused refused) {
            return ctx.ack(r -> r.responseType("ephemeral").text(PrivacyBlocks.refused("erase contacts", refused.configured())));
        }
        if (access instanceof Admins.Access.Unverified) {
            return ctx.ack(r -> r.responseType("ephemeral").text(PrivacyBlocks.unverified()));
        }
        if (args.isBlank()) {
            return ctx.ack(r -> r.responseType("ephemeral").text(PrivacyBlocks.forgetUsage()));
        }
        ErasureService.Matches matches = erasures.find(teamId, args);
        if (matches.shown().isEmpty()) {
            return ctx.ack(r -> r.responseType("ephemeral").text(PrivacyBlocks.noMatch(args)));
        }
        return ctx.ack(r -> r.responseType("ephemeral").text(PrivacyBlocks.confirmationText(matches))
                .blocks(PrivacyBlocks.confirmation(args, matches)));
    }
}
