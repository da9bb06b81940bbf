package met.capture;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
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
    private final CaptureWriter writer;

    /** Every capture written alone, on the caller's thread. */
    public CaptureService(DSLContext db) {
        this(db, null);
    }

    /** @param writer saves the new debriefs of concurrent requests together (null: each alone, on the caller's thread) */
    public CaptureService(DSLContext db, CaptureWriter writer) {
        this.db = db;
        this.writer = writer;
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

    /**
     * Saves a new debrief (a quick capture or a submitted form). With a writer, debriefs saved at the same time share
     * a transaction (see {@link CaptureWriter}); each is still saved whole or not at all.
     */
    public Saved create(String teamId, String authorId, Debrief debrief, Source source, String rawText) {
        if (isOneStatement(debrief, authorId)) {
            Debrief.ContactEntry entry = debrief.contacts().isEmpty() ? null : debrief.contacts().get(0);
            CaptureRepository.QuickCapture capture = new CaptureRepository.QuickCapture(teamId, authorId, source.code, rawText,
                    debrief.eventName(), debrief.eventKind(), debrief.eventDate(), entry, PRIOR_MEETINGS_SHOWN);
            CaptureRepository.Captured captured = writer == null ? inTransaction(repo -> repo.capture(capture)) : writer.write(capture);
            return new Saved(captured.debriefId(), debrief.eventName(), debrief.eventDate(),
                    captured.met().map(met -> List.of(saved(entry, met))).orElse(List.of()));
        }
        Function<CaptureRepository, Saved> work = repo -> {
            Long eventId = event(repo, teamId, authorId, debrief);
            long debriefId = repo.insertDebrief(teamId, eventId, authorId, source.code, debrief.eventDate(), debrief.ideas(), rawText);
            return write(repo, teamId, authorId, debriefId, eventId, debrief);
        };
        return save(work);
    }

    /**
     * Saves a submitted debrief form. Slack keeps a modal's view id while it stays open, so a second Save of the same
     * form (after Met answered "not saved" because the answer to a commit that did happen was lost, say in an outage,
     * or a double click) replaces the debrief that view saved with what the form says now, instead of storing it
     * twice. The debrief's insert finds the earlier one (the view's unique index), so a first Save costs no extra
     * statement; a form of one person is therefore not saved in one statement as a quick capture is.
     */
    public Saved createFromForm(String teamId, String authorId, Debrief debrief, String viewId) {
        if (viewId == null) {
            return create(teamId, authorId, debrief, Source.FORM, null);
        }
        Function<CaptureRepository, Saved> work = repo -> {
            Long eventId = event(repo, teamId, authorId, debrief);
            Optional<Long> debriefId = repo.insertFormDebrief(teamId, eventId, authorId, debrief.eventDate(), debrief.ideas(), viewId);
            if (debriefId.isPresent()) {
                return write(repo, teamId, authorId, debriefId.get(), eventId, debrief);
            }
            Optional<Long> earlier = repo.debriefOfView(teamId, viewId);
            Change change = earlier.isEmpty() ? new Change.NotFound() : change(repo, teamId, authorId, earlier.get(), debrief);
            if (change instanceof Change.Done done) {
                return done.saved();
            }
            if (change instanceof Change.NotFound) { // undone since the insert met it: the next attempt inserts it anew
                throw new DataAccessException("the debrief of view " + viewId + " was undone meanwhile",
                        new SQLException("the debrief of view " + viewId + " was undone meanwhile", "40001"));
            }
            // Slack's view ids are the user's own: another author's debrief cannot hold this one.
            throw new IllegalStateException("debrief " + earlier.get() + " of view " + viewId + " is not " + authorId + "'s");
        };
        return save(work);
    }

    /** A new debrief's statements: at the writer, batched with others, or in a transaction of their own without one. */
    private Saved save(Function<CaptureRepository, Saved> work) {
        return writer == null ? inTransaction(work) : writer.write(work);
    }

    /** Every quick capture, and a form with one person and nothing else: the database saves it in one statement. */
    private static boolean isOneStatement(Debrief debrief, String authorId) {
        return debrief.contacts().size() <= 1 && debrief.ideas() == null && debrief.actionItems().isEmpty()
                && debrief.referrals().isEmpty() && debrief.teammates().stream().allMatch(authorId::equals);
    }

    /** Replaces a debrief's content with what the form now says; only its author may. */
    public Change update(String teamId, String userId, long debriefId, Debrief debrief) {
        return inTransaction(repo -> change(repo, teamId, userId, debriefId, debrief));
    }

    private static Change change(CaptureRepository repo, String teamId, String userId, long debriefId, Debrief debrief) {
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
            return repo.meetKnown(teamId, contactId, userId, debriefId, day, text).meetingId();
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
        List<CaptureRepository.Met> met = repo.writeDebrief(teamId, authorId, debriefId, eventId, debrief, attendees, PRIOR_MEETINGS_SHOWN);
        List<Saved.SavedContact> saved = new ArrayList<>();
        for (int i = 0; i < debrief.contacts().size(); i++) {
            saved.add(saved(debrief.contacts().get(i), met.get(i)));
        }
        return new Saved(debriefId, debrief.eventName(), debrief.eventDate(), saved);
    }

    private static Saved.SavedContact saved(Debrief.ContactEntry entry, CaptureRepository.Met met) {
        return new Saved.SavedContact(met.contactId(), entry, met.knownAs(), met.isNew(), met.metBefore());
    }

    private <T> T inTransaction(Function<CaptureRepository, T> work) {
        return inTransaction(db, work);
    }

    /** Work of its own transaction, tried again when a concurrent capture of the same person or event got in first. */
    static <T> T inTransaction(DSLContext db, Function<CaptureRepository, T> work) {
        return withRetries(() -> db.transactionResult(tx -> work.apply(new CaptureRepository(tx.dsl()))));
    }

    /**
     * A unique index hit by a concurrent capture of the same person or event, or a row such a capture held and then
     * rolled back (SQL state 40001 from met_meet): the next attempt finds their row, or adds it.
     */
    private static <T> T withRetries(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (DataAccessException e) {
                String state = e.sqlState();
                boolean retryable = "23505".equals(state) || "40001".equals(state) || "40P01".equals(state); // unique, serialization, deadlock
                if (attempt >= ATTEMPTS || !retryable) {
                    throw e;
                }
            }
        }
    }

}
