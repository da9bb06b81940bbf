package met.slack;

import com.slack.api.bolt.context.ActionRespondUtility;
import com.slack.api.model.block.LayoutBlock;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ephemeral answers to a button press through its response_url, after the ack (on {@code afterAck}): Slack's three
 * seconds are for the ack. Best effort: the press was already acknowledged, so a failure is logged, not thrown.
 */
public final class ActionReply {
    private static final Logger log = LoggerFactory.getLogger(ActionReply.class);

    private final Executor afterAck;

    public ActionReply(Executor afterAck) {
        this.afterAck = afterAck;
    }

    /** A message of its own under the one the button is in. */
    public void add(ActionRespondUtility ctx, String text) {
        send(ctx, false, text, null);
    }

    /** Replaces the message the button is in. */
    public void replace(ActionRespondUtility ctx, String text, List<LayoutBlock> blocks) {
        send(ctx, true, text, blocks);
    }

    private void send(ActionRespondUtility ctx, boolean replaceOriginal, String text, List<LayoutBlock> blocks) {
        if (ctx.getResponseUrl() == null) {
            return;
        }
        afterAck.execute(() -> {
            try {
                ctx.respond(r -> r.responseType("ephemeral").replaceOriginal(replaceOriginal).text(text).blocks(blocks));
            } catch (Exception e) {
                log.warn("response_url failed: {}", e.toString());
            }
        });
    }
}
