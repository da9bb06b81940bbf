package met.contacts;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import met.capture.ContactKeys;
import met.contacts.ContactSearchRepository.Matching;
import met.contacts.ContactSearchRepository.Needle;
import met.contacts.ContactSearchRepository.Page;
import org.jooq.DSLContext;

/**
 * Warm introductions: who on the team has met someone at a company, or a person by name or email. Matching forgives
 * case, accents, punctuation, company suffixes, partial words and, when nothing matches as typed, small typos.
 * Knows nothing of Slack.
 */
public final class ContactSearch {
    public static final int LIMIT = 10;
    /** Single letters would match a good part of any team's memory, and tell nothing about whom to ask. */
    static final int MIN_LENGTH = 2;

    private final DSLContext db;

    public ContactSearch(DSLContext db) {
        this.db = db;
    }

    /** The best matches, closest first, and how many matched in all. */
    public record Result(List<Match> matches, int total) {
        public Result {
            matches = List.copyOf(matches);
        }
    }

    /**
     * A person the team has met.
     *
     * @param score         how closely they match, 1 for an exact name, company or email, down towards 0 for a faint likeness
     * @param acquaintances each teammate who met them, with their latest meeting, most recent first
     * @param lastTouch     the last meeting, note or completed follow-up with them; null when none was recorded
     */
    public record Match(long contactId, String name, String company, String role, String email, double score,
                        List<Acquaintance> acquaintances, LocalDate lastTouch) {
        public Match {
            acquaintances = List.copyOf(acquaintances);
        }
    }

    /** A teammate's latest meeting with the person; {@code eventName} is null for a meeting outside a named event. */
    public record Acquaintance(String teammateId, LocalDate lastMet, String eventName) {
    }

    /** False for a query with too little in it to search for (blank, punctuation, single letters). */
    public static boolean isSearchable(String query) {
        return Arrays.stream(ContactKeys.text(query).split(" ")).anyMatch(word -> word.length() >= MIN_LENGTH);
    }

    public Result search(String teamId, String query) {
        if (!isSearchable(query)) {
            return new Result(List.of(), 0);
        }
        ContactSearchRepository repo = new ContactSearchRepository(db);
        Needle needle = new Needle(ContactKeys.text(query), ContactKeys.company(query), email(query));
        Page page = repo.find(teamId, needle, Matching.AS_TYPED, LIMIT);
        if (page.total() == 0 && ContactSearchRepository.mayBeAlike(needle)) {
            // Nothing as typed: a typo, perhaps. Likeness is asked for only then, because it is costly to look up
            // and, beside what was typed, mostly finds other words ("smyth" should not bury the Smyths in Smiths).
            page = repo.find(teamId, needle, Matching.ALIKE, LIMIT);
        }
        Map<Long, List<Acquaintance>> met = repo.acquaintances(teamId, page.rows().stream().map(ContactSearchRepository.Row::id).toList());
        List<Match> matches = page.rows().stream()
                .map(r -> new Match(r.id(), r.name(), r.company(), r.role(), r.email(), r.score(), met.getOrDefault(r.id(), List.of()), r.lastTouch()))
                .toList();
        return new Result(matches, page.total());
    }

    /** Typed in full, an email is also compared as emails are stored. */
    private static String email(String query) {
        return query.contains("@") ? ContactKeys.email(query) : null;
    }
}
