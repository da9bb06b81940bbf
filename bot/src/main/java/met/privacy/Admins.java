package met.privacy;

import java.util.Optional;
import java.util.Set;
import met.workspace.Workspaces;

/**
 * Who may export the team's data or erase a contact: the workspace's admins and owners (as Slack says, checked
 * again when the cached answer is over an hour old) and the people whoever runs Met lists in MET_ADMINS.
 */
public final class Admins {
    private final Workspaces workspaces;
    private final Set<String> configured;

    /** @param configured Slack user ids from MET_ADMINS */
    public Admins(Workspaces workspaces, Set<String> configured) {
        this.workspaces = workspaces;
        this.configured = Set.copyOf(configured);
    }

    /** The closed outcomes of asking. */
    public sealed interface Access permits Access.Allowed, Access.Refused, Access.Unverified {
        record Allowed() implements Access {
        }

        /** @param configured the MET_ADMINS, to name in the refusal */
        record Refused(Set<String> configured) implements Access {
        }

        /** Slack could not be asked and the cached answer is too old to trust with the whole team's data. */
        record Unverified() implements Access {
        }
    }

    public Access check(String teamId, String userId) {
        if (configured.contains(userId)) {
            return new Access.Allowed();
        }
        Optional<Boolean> admin = workspaces.isAdmin(teamId, userId);
        if (admin.isEmpty()) {
            return new Access.Unverified();
        }
        return admin.get() ? new Access.Allowed() : new Access.Refused(configured);
    }
}
