package met.contacts;

import static met.db.jooq.Routines.strictWordSimilarity;
import static met.db.jooq.Tables.CONTACT;
import static met.db.jooq.Tables.EVENT;
import static met.db.jooq.Tables.MEETING;
import static org.jooq.impl.DSL.and;
import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.countDistinct;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.or;
import static org.jooq.impl.DSL.round;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import met.contacts.ContactSearch.Acquaintance;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The SQL of {@code /met who}: a team's contacts whose name, company or email (contact.search_text, under the trigram
 * index of V4) hold every word of a query: whole, as the start of a word, inside a word, or, when asked, as a near
 * likeness (pg_trgm word similarity, for typos). Every statement is scoped by team.
 */
public final class ContactSearchRepository {
    /**
     * Shorter words must start a word, as typed: a short word is found inside, or is like, far too many others
     * ("and" is inside Sandra and Fernandez, "mary" is as like "mark" as the trigram threshold asks).
     */
    static final int MIN_LOOSE_LENGTH = 5;
    /** Words of a query looked up; more only narrow what the first ones found. */
    static final int MAX_WORDS = 8;

    private static final BigDecimal EXACT = new BigDecimal("1.00");
    private static final BigDecimal WHOLE_WORDS = new BigDecimal("0.90");
    private static final BigDecimal WORD_STARTS = new BigDecimal("0.80");
    private static final BigDecimal INSIDE = new BigDecimal("0.70");
    /** A likeness scores its strict word similarity scaled below every literal match. */
    private static final BigDecimal LIKENESS = new BigDecimal("0.60");

    private final DSLContext db;

    public ContactSearchRepository(DSLContext db) {
        this.db = db;
    }

    /**
     * What to look for.
     *
     * @param text    the query as {@code ContactKeys.text} normalises keys: lower case, no accents, words split by one space
     * @param company the same as a company key ({@code ContactKeys.company}: "ACME, Inc." is "acme"); its words are looked up
     * @param email   the query as an email is stored, when it looks like one (has an {@code @}); else null
     */
    public record Needle(String text, String company, String email) {
    }

    /** How words are matched: as typed (whole, word starts, inside words), or also by likeness, for typos. */
    public enum Matching {
        AS_TYPED, ALIKE
    }

    /** One matching contact, before its meetings are attached. */
    public record Row(long id, String name, String company, String role, String email, double score, LocalDate lastTouch) {
    }

    /** The best rows and how many matched in all. */
    public record Page(List<Row> rows, int total) {
    }

    /**
     * Closest first, then the most recently met, then the most widely known; at most {@code limit}.
     *
     * <p>A common name or a short partial word can match thousands of people who are all as close, and ranking them
     * by their meetings would read the meetings of each. The last touch is never earlier than the last meeting
     * (every meeting raises it, and so does a follow-up done), so it bounds it: the best {@code limit} by closeness and
     * last touch set a bar, and only people whose last touch reaches it can rank, so only theirs are read.
     */
    public Page find(String teamId, Needle needle, Matching matching, int limit) {
        CommonTableExpression<?> matched = name("matched").as(
                select(CONTACT.ID, CONTACT.NAME, CONTACT.COMPANY, CONTACT.ROLE, CONTACT.EMAIL, CONTACT.LAST_TOUCH_ON,
                        score(needle).as("score"), count().over().as("total"))
                        .from(CONTACT)
                        .where(CONTACT.TEAM_ID.eq(teamId), matches(needle, matching)));
        Field<Long> id = matched.field(CONTACT.ID);
        Field<LocalDate> lastTouch = matched.field(CONTACT.LAST_TOUCH_ON);
        Field<BigDecimal> score = matched.field("score", BigDecimal.class);
        Field<Integer> total = matched.field("total", Integer.class);

        Table<?> best = select(id, score, lastTouch).from(matched)
                .orderBy(score.desc(), lastTouch.desc().nullsLast())
                .limit(limit)
                .asTable("best");
        Field<LocalDate> bestMet = field(select(max(MEETING.MET_ON)).from(MEETING)
                .where(MEETING.TEAM_ID.eq(teamId), MEETING.CONTACT_ID.eq(best.field(id)))).as("last_met");
        Field<BigDecimal> bestScore = best.field(score).as("score");
        CommonTableExpression<?> bar = name("bar").as(select(bestScore, bestMet).from(best)
                .orderBy(bestScore.desc(), bestMet.desc().nullsLast())
                .offset(limit - 1)
                .limit(1));
        Field<BigDecimal> barScore = field(select(bar.field("score", BigDecimal.class)).from(bar));
        Field<LocalDate> barMet = field(select(bar.field("last_met", LocalDate.class)).from(bar));
        Condition mayRank = notExists(selectOne().from(bar))
                .or(score.gt(barScore))
                .or(score.eq(barScore).and(barMet.isNull().or(lastTouch.ge(barMet))));

        Field<LocalDate> lastMet = max(MEETING.MET_ON).as("last_met");
        Field<Integer> teammates = countDistinct(MEETING.TEAMMATE_ID).as("teammates");
        // An aggregate without GROUP BY yields one row, also for a contact nobody has met (any more).
        Table<?> seen = lateral(select(lastMet, teammates).from(MEETING)
                .where(MEETING.TEAM_ID.eq(teamId), MEETING.CONTACT_ID.eq(id))).as("seen");
        var rows = db.with(matched, bar)
                .select(id, matched.field(CONTACT.NAME), matched.field(CONTACT.COMPANY), matched.field(CONTACT.ROLE),
                        matched.field(CONTACT.EMAIL), lastTouch, score, total)
                .from(matched)
                .crossJoin(seen)
                .where(mayRank)
                .orderBy(score.desc(), seen.field(lastMet).desc().nullsLast(), seen.field(teammates).desc(), id)
                .limit(limit)
                .fetch();
        List<Row> found = rows.map(r -> new Row(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                r.value7().doubleValue(), r.value6()));
        return new Page(found, rows.isEmpty() ? 0 : rows.get(0).value8());
    }

    /** For each contact, each teammate who met them with their latest meeting (and its event), most recent first. */
    public Map<Long, List<Acquaintance>> acquaintances(String teamId, Collection<Long> contactIds) {
        Map<Long, List<Acquaintance>> byContact = new LinkedHashMap<>();
        if (contactIds.isEmpty()) {
            return byContact;
        }
        db.select(MEETING.CONTACT_ID, MEETING.TEAMMATE_ID, MEETING.MET_ON, EVENT.NAME)
                .distinctOn(MEETING.CONTACT_ID, MEETING.TEAMMATE_ID)
                .from(MEETING)
                .leftJoin(EVENT).on(EVENT.TEAM_ID.eq(MEETING.TEAM_ID), EVENT.ID.eq(MEETING.EVENT_ID))
                .where(MEETING.TEAM_ID.eq(teamId), MEETING.CONTACT_ID.in(contactIds))
                .orderBy(MEETING.CONTACT_ID, MEETING.TEAMMATE_ID, MEETING.MET_ON.desc(), MEETING.ID.desc())
                .forEach(r -> byContact.computeIfAbsent(r.value1(), id -> new ArrayList<>())
                        .add(new Acquaintance(r.value2(), r.value3(), r.value4())));
        byContact.values().forEach(list -> list.sort((a, b) -> {
            int recent = b.lastMet().compareTo(a.lastMet());
            return recent != 0 ? recent : a.teammateId().compareTo(b.teammateId());
        }));
        return byContact;
    }

    /**
     * Every word must be found: a word of up to four letters as the start of a word; a longer one inside a word or,
     * when alike will do, like a word (trigram word similarity of at least pg_trgm.word_similarity_threshold, 0.6 by
     * default). Each condition is one the trigram index answers; the plain LIKE comes first because it is cheaper to
     * recheck. The words come from ContactKeys: letters, digits and nothing LIKE reads as a wildcard.
     */
    private static Condition matches(Needle needle, Matching matching) {
        List<Condition> each = new ArrayList<>();
        for (String word : words(needle)) {
            if (word.length() < MIN_LOOSE_LENGTH) {
                each.add(or(CONTACT.SEARCH_TEXT.like(word + "%"), CONTACT.SEARCH_TEXT.like("% " + word + "%")));
            } else if (matching == Matching.AS_TYPED) {
                each.add(CONTACT.SEARCH_TEXT.like("%" + word + "%"));
            } else {
                each.add(or(CONTACT.SEARCH_TEXT.like("%" + word + "%"), condition("{0} <% {1}", val(word), CONTACT.SEARCH_TEXT)));
            }
        }
        return and(each);
    }

    /** Whether likeness could find more: only words of five letters or more may be near misses. */
    static boolean mayBeAlike(Needle needle) {
        return words(needle).stream().anyMatch(word -> word.length() >= MIN_LOOSE_LENGTH);
    }

    private static List<String> words(Needle needle) {
        String words = needle.company().isEmpty() ? needle.text() : needle.company();
        return Arrays.stream(words.split(" ")).filter(w -> !w.isEmpty()).distinct().limit(MAX_WORDS).toList();
    }

    /**
     * 1 for a name, company or email typed in full; then the words whole and in order; as the starts of words; inside
     * words; then their likeness, so that an exact name outranks a near one and all of Acme's people tie for "acme".
     */
    private static Field<BigDecimal> score(Needle needle) {
        String q = needle.text();
        Condition exact = or(CONTACT.NAME_KEY.eq(q), CONTACT.COMPANY_KEY.eq(q), CONTACT.COMPANY_KEY.eq(needle.company()));
        if (needle.email() != null) {
            exact = exact.or(CONTACT.EMAIL_KEY.eq(needle.email()));
        }
        Field<String> padded = inline(" ").concat(CONTACT.SEARCH_TEXT, inline(" "));
        return when(exact, inline(EXACT))
                .when(padded.like("% " + q + " %"), inline(WHOLE_WORDS))
                .when(or(CONTACT.SEARCH_TEXT.like(q + "%"), CONTACT.SEARCH_TEXT.like("% " + q + "%")), inline(WORD_STARTS))
                .when(CONTACT.SEARCH_TEXT.like("%" + q + "%"), inline(INSIDE))
                // Rounded, so that rows about as alike are ranked by their meetings, not by noise in the third decimal.
                .otherwise(round(strictWordSimilarity(val(q), CONTACT.SEARCH_TEXT).cast(SQLDataType.NUMERIC).mul(inline(LIKENESS)), 2));
    }
}
