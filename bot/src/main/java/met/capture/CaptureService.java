package met.capture;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import met.capture.CaptureRepository.DebriefRow;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * Saves what teammates capture and lets them edit or undo it. Each save is one transaction: a capture is stored
 * whole or not at all. Knows nothing of Slack.
 */
public final class CaptureService {
    /** A unique index hit by a concurrent capture of the same person or event: the retry finds their row. */
    private static final int ATTEMPTS = 3;
    private static final int PRIOR_MEETINGS_SHOWN = 3;

    private final DSLContext db;

    public CaptureService(DSLContext db) {
        this.db = db;
    }

    public enum Source {
        QUICK("quick"), FORM("form");

        final String code;

        Source(String code) {
            this.code = code;
        }
    }

    /** The closed outcomes of changing an existing debrief. */
    public sealed interface Change permits Change.Done, Change.NotFound, Change.NotYours {
        record Done(Saved saved) implements Change {
        }

        record NotFound() implements Change {
        }

        /** Only the author may change or undo a debrief. */
        record NotYours(String authorId) implements Change {
        }
    }

    /** Saves a new debrief (a quick capture or a submitted form). */
    public Saved create(String teamId, String authorId, Debrief debrief, Source source, String rawText) {
        return inTransaction(repo -> {
            Long eventId = event(repo, teamId, authorId, debrief);
            long debriefId = repo.insertDebrief(teamId, eventId, authorId, source.code, debrief.eventDate(), debrief.ideas(), rawText);
            return write(repo, teamId, authorId, debriefId, eventId, debrief);
        });
    }

    /** Replaces a debrief's content with what the form now says; only its author may. */
    public Change update(String teamId, String userId, long debriefId, Debrief debrief) {
        return inTransaction(repo -> {
            Optional<DebriefRow> row = repo.lockDebrief(teamId, debriefId);
            if (row.isEmpty()) {
                return new Change.NotFound();
            }
            if (!row.get().authorId().equals(userId)) {
                return new Change.NotYours(row.get().authorId());
            }
            List<Long> formerContacts = repo.clearDebrief(teamId, debriefId);
            Long eventId = event(repo, teamId, userId, debrief);
            repo.updateDebrief(teamId, debriefId, eventId, debrief.eventDate(), debrief.ideas());
            Saved saved = write(repo, teamId, userId, debriefId, eventId, debrief);
            repo.deleteContactsWithoutMeetings(teamId, formerContacts);
            repo.deleteEventIfUnused(teamId, row.get().eventId());
            return new Change.Done(saved);
        });
    }

    /** Removes a debrief and what it created (people and events nobody else recorded); only its author may. */
    public Change undo(String teamId, String userId, long debriefId) {
        return inTransaction(repo -> {
            Optional<DebriefRow> row = repo.lockDebrief(teamId, debriefId);
            if (row.isEmpty()) {
                return new Change.NotFound();
            }
            if (!row.get().authorId().equals(userId)) {
                return new Change.NotYours(row.get().authorId());
            }
            Debrief before = load(repo, teamId, row.get());
            List<Long> contacts = repo.clearDebrief(teamId, debriefId);
            repo.deleteDebrief(teamId, debriefId);
            repo.deleteContactsWithoutMeetings(teamId, contacts);
            repo.deleteEventIfUnused(teamId, row.get().eventId());
            List<Saved.SavedContact> removed = before.contacts().stream()
                    .map(c -> new Saved.SavedContact(0, c, c.name(), false, List.of()))
                    .toList();
            return new Change.Done(new Saved(debriefId, before.eventName(), before.eventDate(), removed));
        });
    }

    /** A note on a contact outside any event ("Log a note" on a follow-up): a touch in the team's memory. */
    public long note(String teamId, String userId, long contactId, String text, LocalDate day) {
        return inTransaction(repo -> {
            long debriefId = repo.insertDebrief(teamId, null, userId, "note", day, null, null);
            return repo.meet(teamId, contactId, true, userId, debriefId, null, day, text, null, 0).meetingId();
        });
    }

    /** A debrief as the form shows it, for its author to edit. */
    public Optional<Debrief> find(String teamId, long debriefId) {
        CaptureRepository repo = new CaptureRepository(db);
        return repo.debrief(teamId, debriefId).map(row -> load(repo, teamId, row));
    }

    /** Whom a teammate met lately, for their App Home. */
    public List<CaptureRepository.Recent> recentMeetings(String teamId, String teammateId, int limit) {
        return new CaptureRepository(db).recentMeetings(teamId, teammateId, limit);
    }

    public Optional<String> authorOf(String teamId, long debriefId) {
        return new CaptureRepository(db).debrief(teamId, debriefId).map(DebriefRow::authorId);
    }

    private static Debrief load(CaptureRepository repo, String teamId, DebriefRow row) {
        Optional<CaptureRepository.EventRow> event = row.eventId() == null ? Optional.empty() : repo.event(teamId, row.eventId());
        return new Debrief(
                event.map(CaptureRepository.EventRow::name).orElse(null),
                row.metOn(),
                event.map(CaptureRepository.EventRow::kind).orElse(EventKind.OTHER),
                repo.attendees(teamId, row.id()),
                repo.contactsOf(teamId, row.id()),
                row.ideas(),
                repo.actionItems(teamId, row.id()),
                repo.referrals(teamId, row.id()));
    }

    private static Long event(CaptureRepository repo, String teamId, String authorId, Debrief debrief) {
        return debrief.eventName() == null ? null
                : repo.findOrCreateEvent(teamId, debrief.eventName(), debrief.eventKind(), debrief.eventDate(), authorId);
    }

    private static Saved write(CaptureRepository repo, String teamId, String authorId, long debriefId, Long eventId, Debrief debrief) {
        Set<String> attendees = new LinkedHashSet<>(debrief.teammates());
        attendees.remove(authorId);
        repo.insertAttendees(teamId, debriefId, attendees);
        List<Saved.SavedContact> saved = new ArrayList<>();
        for (Debrief.ContactEntry entry : debrief.contacts()) {
            ContactKeys keys = ContactKeys.of(entry);
            // Most people captured are new to the team: add them, and read the row only when one of their keys is taken.
            Optional<Long> inserted = repo.insertContact(teamId, entry, keys, authorId, debrief.eventDate());
            boolean isNew = inserted.isPresent();
            long contactId;
            String knownAs = entry.name();
            if (isNew) {
                contactId = inserted.get();
            } else {
                CaptureRepository.ContactRow existing = repo.findContact(teamId, keys) // or a concurrent capture's, rolled back
                        .orElseThrow(() -> new ConcurrentCapture("contact vanished while being created"));
                contactId = existing.id();
                knownAs = existing.name();
                repo.fillContactGaps(teamId, existing, entry, keys);
            }
            // Nobody can have met a person this very transaction created.
            CaptureRepository.Met met = repo.meet(teamId, contactId, !isNew, authorId, debriefId, eventId, debrief.eventDate(),
                    entry.notes(), entry.followUp(), PRIOR_MEETINGS_SHOWN);
            saved.add(new Saved.SavedContact(contactId, entry, knownAs, isNew, met.metBefore()));
        }
        for (Debrief.ActionItemEntry item : debrief.actionItems()) {
            repo.insertActionItem(teamId, debriefId, item.text(), item.ownerId() == null ? authorId : item.ownerId());
        }
        for (Debrief.ReferralEntry referral : debrief.referrals()) {
            repo.insertReferral(teamId, debriefId, authorId, referral, debrief.eventDate());
        }
        return new Saved(debriefId, debrief.eventName(), debrief.eventDate(), saved);
    }

    private <T> T inTransaction(java.util.function.Function<CaptureRepository, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return db.transactionResult(tx -> work.apply(new CaptureRepository(tx.dsl())));
            } catch (DataAccessException | ConcurrentCapture e) {
                if (attempt >= ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean isRetryable(RuntimeException e) {
        if (e instanceof ConcurrentCapture) {
            return true;
        }
        String state = ((DataAccessException) e).sqlState();
        return "23505".equals(state) || "40001".equals(state) || "40P01".equals(state); // unique, serialization, deadlock
    }

    /** A row that a concurrent transaction created and then rolled back: trying again settles it. */
    private static final class ConcurrentCapture extends RuntimeException {
        ConcurrentCapture(String message) {
            super(message);
        }
    }

}
