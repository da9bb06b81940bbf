package met.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import met.capture.ContactKeys;
import org.jooq.DSLContext;

/**
 * Erasing a contact completely: finding who is meant, showing what would go, then deleting the contact and every
 * meeting, note, follow-up and referral about them in one transaction, leaving an audit row with counts only.
 * Knows nothing of Slack.
 */
public final class ErasureService {
    /** At most this many matches are offered; more means the admin should type more of the name. */
    public static final int SHOWN = 10;

    private final DSLContext db;

    public ErasureService(DSLContext db) {
        this.db = db;
    }

    /** A contact that would be erased, with what would go with them. */
    public record Candidate(long contactId, String name, String company, String role, String email,
                            int meetings, int followUps, int referrals, List<String> teammates) {
        public Candidate {
            teammates = List.copyOf(teammates);
        }
    }

    /** @param more whether more than {@link #SHOWN} contacts matched */
    public record Matches(List<Candidate> shown, boolean more) {
        public Matches {
            shown = List.copyOf(shown);
        }
    }

    /** The closed outcomes of an erasure. */
    public sealed interface Outcome permits Erased, NotFound {
    }

    /** @param erasureId the audit row's id: random, nothing to join back to the person */
    public record Erased(UUID erasureId, String name, int meetings, int followUps, int referrals) implements Outcome {
    }

    /** Nothing to erase in this team: already erased, never there, or another team's. */
    public record NotFound() implements Outcome {
    }

    /** Contacts whose name or company contains the text, or whose email it is; an empty text finds nobody. */
    public Matches find(String teamId, String text) {
        String nameKey = ContactKeys.text(text);
        if (nameKey.isEmpty()) {
            return new Matches(List.of(), false);
        }
        PrivacyRepository repo = new PrivacyRepository(db);
        List<PrivacyRepository.ContactRow> rows = repo.search(teamId, nameKey, ContactKeys.company(text), ContactKeys.email(text), SHOWN + 1);
        List<Candidate> shown = new ArrayList<>();
        for (PrivacyRepository.ContactRow row : rows.subList(0, Math.min(SHOWN, rows.size()))) {
            shown.add(new Candidate(row.id(), row.name(), row.company(), row.role(), row.email(),
                    repo.meetingCount(teamId, row.id()), repo.followUpCount(teamId, row.id()), repo.referralCount(teamId, row.id()),
                    repo.teammatesWhoMet(teamId, row.id())));
        }
        return new Matches(shown, rows.size() > SHOWN);
    }

    /**
     * Deletes the contact and everything about them, in this team only. Debriefs and events stay: they are the
     * teammates' record of where they went and may name others; the line a quick capture kept as typed is cleared.
     */
    public Outcome erase(String teamId, String erasedBy, long contactId) {
        return db.transactionResult(tx -> {
            PrivacyRepository repo = new PrivacyRepository(tx.dsl());
            var contact = repo.lockContact(teamId, contactId);
            if (contact.isEmpty()) {
                return new NotFound();
            }
            List<Long> debriefs = repo.debriefsThatMet(teamId, contactId);
            int followUps = repo.deleteFollowUps(teamId, contactId);
            int referrals = repo.deleteReferrals(teamId, contactId);
            int meetings = repo.deleteMeetings(teamId, contactId);
            int contacts = repo.deleteContact(teamId, contactId);
            repo.clearCapturedText(teamId, debriefs);
            UUID erasureId = repo.insertErasure(teamId, erasedBy, contacts, meetings, followUps, referrals);
            return new Erased(erasureId, contact.get().name(), meetings, followUps, referrals);
        });
    }
}
