package met.privacy;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import java.util.Optional;
import java.util.concurrent.Executor;
import met.slack.ActionReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erase and Cancel under an erasure confirmation. A button's value can be forged or stale, so who presses it is
 * checked again here, and the contact is looked up in the presser's team only.
 */
public final class ErasureActions {
    private static final Logger log = LoggerFactory.getLogger(ErasureActions.class);

    private final ErasureService erasures;
    private final Admins admins;
    private final ActionReply replies;

    public ErasureActions(ErasureService erasures, Admins admins, Executor afterAck) {
        this.erasures = erasures;
        this.admins = admins;
        this.replies = new ActionReply(afterAck);
    }

    public Response erase(BlockActionRequest request, ActionContext ctx) {
        BlockActionPayload p = request.getPayload();
        String teamId = p.getTeam().getId();
        String userId = p.getUser().getId();
        Admins.Access access = admins.check(teamId, userId);
        if (access instanceof Admins.Access.Refused refused) {
            replies.add(ctx, PrivacyBlocks.refused("erase contacts", refused.configured()));
            return ctx.ack();
        }
        if (access instanceof Admins.Access.Unverified) {
            replies.add(ctx, PrivacyBlocks.unverified());
            return ctx.ack();
        }
        Optional<Long> contactId = contactId(p);
        ErasureService.Outcome outcome = contactId.isEmpty() ? new ErasureService.NotFound() : erasures.erase(teamId, userId, contactId.get());
        if (outcome instanceof ErasureService.Erased erased) {
            log.info("erasure: team={} user={} erasure={}", teamId, userId, erased.erasureId());
            // The confirmation becomes the outcome, so its buttons cannot be pressed twice.
            replies.replace(ctx, PrivacyBlocks.erasedText(erased), PrivacyBlocks.erased(erased));
        } else {
            replies.add(ctx, PrivacyBlocks.gone());
        }
        return ctx.ack();
    }

    /** Cancel deletes nothing, so anyone who sees the message may press it. */
    public Response cancel(BlockActionRequest request, ActionContext ctx) {
        replies.replace(ctx, PrivacyBlocks.cancelledText(), PrivacyBlocks.cancelled());
        return ctx.ack();
    }

    private static Optional<Long> contactId(BlockActionPayload p) {
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
