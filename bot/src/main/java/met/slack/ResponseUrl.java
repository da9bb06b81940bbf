package met.slack;

import com.slack.api.Slack;
import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.model.block.LayoutBlock;
import java.io.IOException;
import java.util.List;

/** Posts to a response_url (valid 30 minutes, 5 posts) outside a Bolt listener, e.g. after a modal is saved. */
public final class ResponseUrl {
    private final Slack slack;

    public ResponseUrl(Slack slack) {
        this.slack = slack;
    }

    /** Replaces the message the interaction came from. */
    public void replace(String url, String text, List<LayoutBlock> blocks) throws IOException {
        ActionResponse body = ActionResponse.builder().replaceOriginal(true).text(text).blocks(blocks).build();
        try (var response = slack.getHttpClient().postJsonBody(url, body)) {
            if (!response.isSuccessful()) {
                throw new IOException("response_url answered HTTP " + response.code());
            }
        }
    }
}
