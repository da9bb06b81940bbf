package met.privacy;

import java.util.Set;
import java.util.stream.Collectors;

/** What admins see of the export, and what everyone else is told. */
public final class PrivacyBlocks {
    private PrivacyBlocks() {
    }

    // --- who may ---

    /** @param what "export the team's data" or "erase contacts" */
    static String refused(String what, Set<String> configured) {
        String others = configured.isEmpty() ? ""
                : " and " + configured.stream().sorted().map(id -> "<@" + id + ">").collect(Collectors.joining(", "));
        return ":lock: Only the workspace's admins and owners" + others + " can " + what
                + " with Met. Ask one of them, or ask whoever runs Met to add you to MET_ADMINS.";
    }

    static String unverified() {
        return ":hourglass: Met couldn't check with Slack that you are a workspace admin just now, so nothing was done. "
                + "Try again in a minute.";
    }

    // --- export ---

    static String preparing() {
        return ":package: Preparing your export… Met will send the CSV files to you in a direct message in a moment.";
    }

    static String exportComment(ExportService.Counts counts) {
        return "Your Met export: " + counts(counts) + " of this workspace, as CSV (UTF-8; contact_id joins the files). "
                + "It holds personal data about the people your team met: keep it safe and delete it when done.";
    }

    static String exportSent(ExportService.Counts counts) {
        return ":inbox_tray: Your export (" + counts(counts) + ") is in your direct messages with Met.";
    }

    static String exportFailed() {
        return ":warning: Met couldn't send your export just now; nothing was shared. Try `/met export` again in a minute.";
    }

    private static String counts(ExportService.Counts c) {
        return plural(c.contacts(), "contact") + ", " + plural(c.meetings(), "meeting") + ", "
                + plural(c.followUps(), "follow-up") + " and " + plural(c.referrals(), "referral");
    }

    static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
