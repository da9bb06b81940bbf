package met.digest;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.response.conversations.ConversationsInfoResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import met.slack.SlackApi;
import met.workspace.Workspaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /met digest [preview]}, {@code /met subscribe [monthly|weekly]} and {@code /met unsubscribe}. */
public final class DigestCommand {
    private static final Logger log = LoggerFactory.getLogger(DigestCommand.class);

    private final DigestService digests;
    private final Workspaces workspaces;
    private final SlackApi slack;
    private final Clock clock;
    private final Executor afterAck;

    public DigestCommand(DigestService digests, Workspaces workspaces, SlackApi slack, Clock clock, Executor afterAck) {
        this.digests = digests;
        this.workspaces = workspaces;
        this.slack = slack;
        this.clock = clock;
        this.afterAck = afterAck;
    }

    /**
     * The team's networking so far this period, only to whoever asked: this month, or this week when the channel
     * gets the weekly digest ({@code /met digest weekly} and {@code monthly} choose). Built from the database
     * alone, in well under Slack's 3 seconds even for a large team.
     */
    public Response digest(String args, SlashCommandRequest request, SlashCommandContext ctx) {
        SlashCommandPayload p = request.getPayload();
        List<String> words = Arrays.stream(args.toLowerCase(Locale.ROOT).split("\\s+")).filter(w -> !w.isEmpty() && !w.equals("preview")).toList();
        Optional<Cadence> asked = words.isEmpty() ? Optional.empty() : Cadence.fromCode(words.get(0));
        if (words.size() > 1 || !words.isEmpty() && asked.isEmpty()) {
            return ctx.ack(r -> r.responseType("ephemeral").text(DigestBlocks.digestUsage()));
        }
        workspaces.ensure(p.getTeamId(), p.getEnterpriseId());
        Cadence cadence = asked.orElseGet(() -> digests.subscription(p.getTeamId(), p.getChannelId())
                .map(Subscription::cadence).orElse(Cadence.MONTHLY));
        LocalDate today = workspaces.today(p.getTeamId(), p.getUserId());
        Digest digest = digests.build(p.getTeamId(), cadence.periodOf(today), today);
        return ctx.ack(r -> r.responseType("ephemeral").text(DigestBlocks.text(digest)).blocks(DigestBlocks.message(digest, false)));
    }

    /** Acks at once; checking the channel and the subscriber's time zone are Web API calls, made after the ack. */
    public Response subscribe(String args, SlashCommandRequest request, SlashCommandContext ctx) {
        SlashCommandPayload p = request.getPayload();
        Optional<Cadence> cadence = args.isBlank() ? Optional.of(Cadence.MONTHLY) : Cadence.fromCode(args);
        if (cadence.isEmpty()) {
            return ctx.ack(r -> r.responseType("ephemeral").text(DigestBlocks.subscribeUsage()));
        }
        workspaces.ensure(p.getTeamId(), p.getEnterpriseId());
        afterAck.execute(() -> respond(ctx, subscribe(p.getTeamId(), p.getChannelId(), p.getUserId(), cadence.get())));
        return ctx.ack();
    }

    public Response unsubscribe(String args, SlashCommandRequest request, SlashCommandContext ctx) {
        SlashCommandPayload p = request.getPayload();
        boolean was = digests.unsubscribe(p.getTeamId(), p.getChannelId());
        return ctx.ack(r -> r.responseType("ephemeral").text(DigestBlocks.unsubscribed(p.getChannelId(), was)));
    }

    private String subscribe(String teamId, String channelId, String userId, Cadence cadence) {
        try {
            Access access = access(teamId, channelId);
            if (access == Access.ARCHIVED) {
                return DigestBlocks.archived(channelId);
            }
            if (access == Access.CANNOT_SEE) {
                return DigestBlocks.inviteFirst(channelId);
            }
            ZoneId zone = workspaces.zoneOf(teamId, userId);
            DigestService.Subscribed subscribed = digests.subscribe(teamId, channelId, cadence, zone, userId, clock.instant());
            workspaces.learnName(teamId);
            return DigestBlocks.subscribed(channelId, cadence, zone, subscribed.first(), subscribed.before().isPresent());
        } catch (RuntimeException e) {
            log.error("subscribing failed: team={} user={} channel={}", teamId, userId, channelId, e);
            return ":warning: Met couldn't subscribe this channel just now. Please try `/met subscribe` again in a moment.";
        }
    }

    private enum Access { CAN_POST, ARCHIVED, CANNOT_SEE }

    /**
     * Can Met post here? A public channel takes posts without Met in it (chat:write.public); a private one only
     * once Met is invited, and until then Slack answers channel_not_found, as it does for a DM between people.
     * When Slack cannot tell (no scope, an outage), subscribe anyway: a first post that fails pauses it.
     */
    private Access access(String teamId, String channelId) {
        try {
            ConversationsInfoResponse info = slack.client(teamId).conversationsInfo(r -> r.channel(channelId));
            if (info.isOk() && info.getChannel() != null) {
                if (info.getChannel().isArchived()) {
                    return Access.ARCHIVED;
                }
                return info.getChannel().isPrivate() && !info.getChannel().isMember() ? Access.CANNOT_SEE : Access.CAN_POST;
            }
            if (DigestSender.CHANNEL_GONE.contains(info.getError())) {
                return Access.CANNOT_SEE;
            }
            log.warn("conversations.info failed for team={} channel={}: {}", teamId, channelId, info.getError());
        } catch (Exception e) {
            log.warn("conversations.info failed for team={} channel={}: {}", teamId, channelId, e.toString());
        }
        return Access.CAN_POST;
    }

    private static void respond(SlashCommandContext ctx, String text) {
        try {
            ctx.respond(r -> r.responseType("ephemeral").text(text));
        } catch (Exception e) {
            log.warn("response_url failed: {}", e.toString());
        }
    }
}
