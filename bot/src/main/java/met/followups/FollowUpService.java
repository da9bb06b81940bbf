package met.followups;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import met.capture.CaptureService;
import org.jooq.DSLContext;

/** Follow-ups as their owners handle them: list, done, snooze, note. Knows nothing of Slack. */
public final class FollowUpService {
    private final DSLContext db;
    private final CaptureService captures;
    private final Clock clock;

    public FollowUpService(DSLContext db, CaptureService captures, Clock clock) {
        this.db = db;
        this.captures = captures;
        this.clock = clock;
    }

    /** The closed outcomes of acting on a follow-up. */
    public sealed interface Outcome permits Outcome.Changed, Outcome.NotFound, Outcome.NotYours, Outcome.Invalid {
        record Changed(FollowUp followUp) implements Outcome {
        }

        record NotFound() implements Outcome {
        }

        /** Only the owner acts on their follow-ups. */
        record NotYours(String ownerId) implements Outcome {
        }

        record Invalid(String message) implements Outcome {
        }
    }

    public List<FollowUp> pending(String teamId, String ownerId, int limit) {
        return new FollowUpRepository(db).pendingFor(teamId, ownerId, limit);
    }

    public int countPending(String teamId, String ownerId) {
        return new FollowUpRepository(db).countPendingFor(teamId, ownerId);
    }

    public List<FollowUp> byIds(String teamId, Collection<Long> ids) {
        return ids.isEmpty() ? List.of() : new FollowUpRepository(db).byIds(teamId, ids);
    }

    public Outcome done(String teamId, String userId, long id, LocalDate today) {
        return act(teamId, userId, id, repo -> repo.markDone(teamId, userId, id, today, clock.instant()));
    }

    public Outcome snooze(String teamId, String userId, long id, LocalDate until, LocalDate today) {
        if (!until.isAfter(today)) {
            return new Outcome.Invalid("Pick a day after today to snooze until.");
        }
        if (until.isAfter(today.plusYears(1))) {
            return new Outcome.Invalid("Pick a day within a year to snooze until.");
        }
        return act(teamId, userId, id, repo -> repo.snooze(teamId, userId, id, until, clock.instant()));
    }

    /** Records what happened as a note on the contact, and the follow-up as done. */
    public Outcome note(String teamId, String userId, long id, String text, LocalDate today) {
        Optional<FollowUp> followUp = new FollowUpRepository(db).find(teamId, id);
        if (followUp.isEmpty()) {
            return new Outcome.NotFound();
        }
        if (!followUp.get().ownerId().equals(userId)) {
            return new Outcome.NotYours(followUp.get().ownerId());
        }
        captures.note(teamId, userId, followUp.get().contactId(), text, today);
        return done(teamId, userId, id, today);
    }

    private Outcome act(String teamId, String userId, long id, java.util.function.Predicate<FollowUpRepository> change) {
        return db.transactionResult(tx -> {
            FollowUpRepository repo = new FollowUpRepository(tx.dsl());
            Optional<FollowUp> followUp = repo.find(teamId, id);
            if (followUp.isEmpty()) {
                return new Outcome.NotFound();
            }
            if (!followUp.get().ownerId().equals(userId)) {
                return new Outcome.NotYours(followUp.get().ownerId());
            }
            change.test(repo); // already done: nothing changes, the current state is shown
            return new Outcome.Changed(repo.find(teamId, id).orElseThrow());
        });
    }
}
