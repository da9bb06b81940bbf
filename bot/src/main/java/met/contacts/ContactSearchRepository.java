package met.contacts;

import static met.db.jooq.Routines.similarity;
import static met.db.jooq.Routines.wordSimilarity;
import static met.db.jooq.Tables.CONTACT;
import static met.db.jooq.Tables.EVENT;
import static met.db.jooq.Tables.MEETING;
import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.countDistinct;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.or;
import static org.jooq.impl.DSL.round;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import met.contacts.ContactSearch.Acquaintance;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The SQL of {@code /met who}: a team's contacts whose normalised name, company or email match a query exactly,
 * by prefix, inside a word or by trigram similarity (pg_trgm, served by the trigram GIN indexes of V3).
 * Every statement is scoped by team.
 */
public final class ContactSearchRepository {
    /** Shorter than this, a trigram says little and LIKE '%…%' cannot use the index: only word starts match. */
    static final int MIN_FUZZY_LENGTH = 3;

    private static final BigDecimal EXACT = new BigDecimal("1.00");
    private static final BigDecimal WHOLE_WORD = new BigDecimal("0.90");
    private static final BigDecimal WORD_START = new BigDecimal("0.80");
    private static final BigDecimal INSIDE = new BigDecimal("0.70");
    /** A fuzzy match scores its similarity scaled below every literal match. */
    private static final BigDecimal FUZZY = new BigDecimal("0.60");

    private final DSLContext db;

    public ContactSearchRepository(DSLContext db) {
        this.db = db;
    }

    /**
     * What to look for.
     *
     * @param text    the query as {@code ContactKeys.text} normalises keys: lower case, no accents, words split by one space
     * @param company the same as a company key ({@code ContactKeys.company}: "ACME, Inc." is "acme")
     * @param email   the query as an email is stored, when it looks like one (has an {@code @}); else null
     */
    public record Needle(String text, String company, String email) {
    }

    /** One matching contact, before its meetings are attached. */
    public record Row(long id, String name, String company, String role, String email, double score, LocalDate lastTouch) {
    }

    /** The best rows and how many matched in all. */
    public record Page(List<Row> rows, int total) {
    }

    /** Closest first, then the most recently met, then the most widely known; at most {@code limit}. */
    public Page find(String teamId, Needle needle, int limit) {
        Field<BigDecimal> score = (needle.email() != null ? emailScore(needle.email()) : textScore(needle)).as("score");
        Condition matches = needle.email() != null ? emailMatches(needle.email())
                : needle.text().length() < MIN_FUZZY_LENGTH ? startsAWord(needle.text())
                : textMatches(needle);
        Field<LocalDate> lastMet = max(MEETING.MET_ON).as("last_met");
        Field<Integer> teammates = countDistinct(MEETING.TEAMMATE_ID).as("teammates");
        // An aggregate without GROUP BY yields one row, also for a contact nobody has met (any more).
        Table<?> seen = lateral(select(lastMet, teammates).from(MEETING)
                .where(MEETING.TEAM_ID.eq(teamId), MEETING.CONTACT_ID.eq(CONTACT.ID))).as("seen");
        Field<Integer> total = count().over().as("total");
        var rows = db.select(CONTACT.ID, CONTACT.NAME, CONTACT.COMPANY, CONTACT.ROLE, CONTACT.EMAIL, CONTACT.LAST_TOUCH_ON, score, total)
                .from(CONTACT)
                .crossJoin(seen)
                .where(CONTACT.TEAM_ID.eq(teamId), matches)
                .orderBy(score.desc(), seen.field(lastMet).desc().nullsLast(), seen.field(teammates).desc(), CONTACT.ID)
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

    // --- matching: each condition here is one the trigram GIN indexes answer (LIKE, %, <%) ---

    private static Condition textMatches(Needle needle) {
        String q = needle.text();
        String inside = "%" + q + "%";
        return or(CONTACT.COMPANY_KEY.eq(needle.company()),
                similar(CONTACT.NAME_KEY, q), similarToAWord(q, CONTACT.NAME_KEY), CONTACT.NAME_KEY.like(inside),
                similar(CONTACT.COMPANY_KEY, q), similarToAWord(q, CONTACT.COMPANY_KEY), CONTACT.COMPANY_KEY.like(inside),
                similarToAWord(q, CONTACT.EMAIL_KEY), CONTACT.EMAIL_KEY.like(inside));
    }

    private static Condition startsAWord(String q) {
        return or(
                CONTACT.NAME_KEY.like(q + "%"), CONTACT.NAME_KEY.like("% " + q + "%"),
                CONTACT.COMPANY_KEY.like(q + "%"), CONTACT.COMPANY_KEY.like("% " + q + "%"),
                CONTACT.EMAIL_KEY.like(q + "%"));
    }

    private static Condition emailMatches(String email) {
        return or(CONTACT.EMAIL_KEY.eq(email), CONTACT.EMAIL_KEY.like("%" + escapeLike(email) + "%"), similar(CONTACT.EMAIL_KEY, email));
    }

    /** similarity(key, q) ≥ pg_trgm.similarity_threshold (0.3 by default). */
    private static Condition similar(Field<String> key, String q) {
        return condition("{0} % {1}", key, val(q));
    }

    /** word_similarity(q, key) ≥ pg_trgm.word_similarity_threshold (0.6): q is close to some run of words in key. */
    private static Condition similarToAWord(String q, Field<String> key) {
        return condition("{0} <% {1}", val(q), key);
    }

    // --- scoring: computed for matching rows only ---

    private static Field<BigDecimal> textScore(Needle needle) {
        String q = needle.text();
        List<Field<String>> keys = List.of(CONTACT.NAME_KEY, CONTACT.COMPANY_KEY);
        Condition exact = or(keys.stream().map(k -> k.eq(q)).toList()).or(CONTACT.COMPANY_KEY.eq(needle.company()));
        Condition wholeWord = or(keys.stream().map(k -> or(k.like(q + " %"), k.like("% " + q), k.like("% " + q + " %"))).toList());
        Condition wordStart = or(keys.stream().map(k -> or(k.like(q + "%"), k.like("% " + q + "%"))).toList())
                .or(CONTACT.EMAIL_KEY.like(q + "%"));
        Condition inside = or(keys.stream().map(k -> k.like("%" + q + "%")).toList())
                .or(CONTACT.EMAIL_KEY.like("%" + q + "%"));
        // "dana acme" is closest to Dana at Acme: name and company are also compared as one text.
        Field<String> both = CONTACT.NAME_KEY.concat(inline(" "), CONTACT.COMPANY_KEY);
        Field<Float> fuzzy = greatest(
                similarity(val(q), CONTACT.NAME_KEY), wordSimilarity(val(q), CONTACT.NAME_KEY),
                similarity(val(q), CONTACT.COMPANY_KEY), wordSimilarity(val(q), CONTACT.COMPANY_KEY),
                similarity(val(q), both), wordSimilarity(val(q), CONTACT.EMAIL_KEY));
        return when(exact, inline(EXACT))
                .when(wholeWord, inline(WHOLE_WORD))
                .when(wordStart, inline(WORD_START))
                .when(inside, inline(INSIDE))
                .otherwise(scaled(fuzzy));
    }

    private static Field<BigDecimal> emailScore(String email) {
        String escaped = escapeLike(email);
        return when(CONTACT.EMAIL_KEY.eq(email), inline(EXACT))
                .when(CONTACT.EMAIL_KEY.like(escaped + "%"), inline(WORD_START))
                .when(CONTACT.EMAIL_KEY.like("%" + escaped + "%"), inline(INSIDE))
                .otherwise(scaled(similarity(val(email), CONTACT.EMAIL_KEY)));
    }

    /** Rounded, so that rows about equally close are ranked by recency rather than by noise in the third decimal. */
    private static Field<BigDecimal> scaled(Field<Float> similarity) {
        return round(similarity.cast(SQLDataType.NUMERIC).mul(inline(FUZZY)), 2);
    }

    /** LIKE's wildcards and its escape character (a backslash in PostgreSQL) as literal characters. */
    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
