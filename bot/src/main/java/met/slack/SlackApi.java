package met.slack;

import com.slack.api.methods.MethodsClient;

/**
 * The Slack Web API client for a workspace, for work that happens outside a Bolt listener or after its ack
 * (time zone lookups, reminders, digests). Single-workspace mode uses the one bot token.
 */
@FunctionalInterface
public interface SlackApi {
    MethodsClient client(String teamId);
}
