package met.contacts;

import static met.db.jooq.Tables.CONTACT;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import met.capture.CaptureService;
import met.capture.Debrief;
import met.capture.EventKind;
import met.contacts.ContactSearch.Acquaintance;
import met.contacts.ContactSearch.Match;
import met.contacts.ContactSearch.Result;
import met.db.Database;
import met.testing.TestDatabase;
import met.workspace.WorkspaceRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The search behind {@code /met who}, against the real database, with contacts saved the way captures save them
 * (so their keys are normalised exactly as in production). Each test works in teams of its own.
 */
class ContactSearchTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    private static Database database;
    private static CaptureService captures;
    private static ContactSearch search;

    @BeforeAll
    static void open() {
        database = Database.open(TestDatabase.get().fresh(), new SimpleMeterRegistry());
        captures = new CaptureService(database.dsl());
        search = new ContactSearch(database.dsl());
        meet("TTOL", "U1", "Dana Lee", "Acme Robotics, Inc.", "CTO", "dana@acme.io", "DevConf", DAY);
        meet("TTOL", "U2", "José Núñez", "Globex", "Head of Sales", null, null, DAY.minusDays(3));
        meet("TTOL", "U3", "Priya Raman", "Initech", null, "priya@initech.example", null, DAY.minusDays(9));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static void meet(String team, String teammate, String name, String company, String role, String email, String event, LocalDate on) {
        new WorkspaceRepository(database.dsl()).ensure(team, team.startsWith("TGRID") ? "EGRID" : null);
        Debrief debrief = new Debrief(event, on, EventKind.OTHER, List.of(),
                List.of(new Debrief.ContactEntry(name, company, role, email, null, null, null)), null, List.of(), List.of());
        captures.create(team, teammate, debrief, CaptureService.Source.QUICK, null);
    }

    private static List<String> names(Result result) {
        return result.matches().stream().map(Match::name).toList();
    }

    @ParameterizedTest(name = "\"{0}\" finds Dana Lee at Acme Robotics first")
    @ValueSource(strings = {"acme", "ACMÉ", "Acme Robotics, Inc.", "acm", "acmee", "acmee robotics", "robotics", "dana",
            "DANA LEE", "lee dana", "dana lee acme", "dan lee", "robotcs", "dana@acme.io", "Dana@Acme.IO", "@acme.io"})
    void searchForgivesCaseAccentsSuffixesPartialWordsTyposAndFindsByEmail(String query) {
        Result result = search.search("TTOL", query);

        assertThat(names(result)).first().isEqualTo("Dana Lee");
    }

    @ParameterizedTest(name = "\"{0}\" finds José Núñez")
    @ValueSource(strings = {"jose", "Núñez", "NUNEZ", "jose nunez", "jose nunes", "globex", "globx"})
    void accentsInTheStoredNameDoNotHideIt(String query) {
        assertThat(names(search.search("TTOL", query))).first().isEqualTo("José Núñez");
    }

    @Test
    void aMatchCarriesTheContactAndWhoMetThem() {
        Match dana = search.search("TTOL", "dana lee").matches().get(0);

        assertThat(dana.company()).isEqualTo("Acme Robotics, Inc.");
        assertThat(dana.role()).isEqualTo("CTO");
        assertThat(dana.email()).isEqualTo("dana@acme.io");
        assertThat(dana.score()).isEqualTo(1.0);
        assertThat(dana.acquaintances()).containsExactly(new Acquaintance("U1", DAY, "DevConf"));
        assertThat(dana.lastTouch()).isEqualTo(DAY);
    }

    @Test
    void unrelatedQueriesFindNobody() {
        assertThat(search.search("TTOL", "zyxwvut").total()).isZero();
        assertThat(search.search("TTOL", "zyxwvut").matches()).isEmpty();
    }

    @Test
    void aQueryWithNothingToSearchForIsNotSearchedAndFindsNobody() {
        for (String query : new String[] {"", "   ", "!?", "a", "%", "_", "a b"}) {
            assertThat(ContactSearch.isSearchable(query)).as(query).isFalse();
            assertThat(search.search("TTOL", query).matches()).as(query).isEmpty();
        }
        assertThat(ContactSearch.isSearchable("li")).isTrue();
    }

    @Test
    void twoLettersFindTheStartsOfWords() {
        meet("TSHORT", "U1", "Li Wei", "Tencent", null, null, null, DAY);
        meet("TSHORT", "U1", "Olivia Park", "Samsung", null, null, null, DAY);

        assertThat(names(search.search("TSHORT", "li"))).containsExactly("Li Wei");
    }

    @Test
    void wildcardsTypedInAnEmailAreLiteral() {
        meet("TLIKE", "U1", "Under Score", null, null, "a_b@x.example", null, DAY);
        meet("TLIKE", "U1", "Ax Bee", null, null, "axb@x.example", null, DAY.minusDays(1));

        assertThat(names(search.search("TLIKE", "a_b@x.example"))).first().isEqualTo("Under Score");
        assertThat(search.search("TLIKE", "a_b@x.example").matches().get(0).score()).isEqualTo(1.0);
        assertThat(search.search("TLIKE", "ax%@x.example").matches()).noneMatch(m -> m.score() >= 0.7);
    }

    @Test
    void anExactNameRanksAboveCloseOnesWhateverTheDates() {
        meet("TRANK", "U1", "Dana Lees", "Initech", null, null, null, DAY);
        meet("TRANK", "U2", "Danae Lee", "Hooli", null, null, null, DAY.minusDays(1));
        meet("TRANK", "U3", "Dana Lee", "Globex", null, null, null, DAY.minusYears(2));
        meet("TRANK", "U3", "Dana Leeson", "Globex", null, null, null, DAY.minusDays(2));

        Result result = search.search("TRANK", "Dana Lee");

        assertThat(names(result)).first().isEqualTo("Dana Lee");
        assertThat(result.matches().get(0).score()).isGreaterThan(result.matches().get(1).score());
        assertThat(names(result)).containsExactlyInAnyOrder("Dana Lee", "Dana Lees", "Danae Lee", "Dana Leeson");
    }

    @Test
    void likenessIsAskedOnlyWhenNothingMatchesAsTyped() {
        meet("TALIKE", "U1", "Jane Smyth", "Initech", null, null, null, DAY);
        meet("TALIKE", "U1", "John Smith", "Initech", null, null, null, DAY);

        assertThat(names(search.search("TALIKE", "smyth"))).containsExactly("Jane Smyth");
        assertThat(names(search.search("TALIKE", "smithe"))).containsExactly("John Smith");
        assertThat(search.search("TALIKE", "smithe").matches().get(0).score()).isLessThan(0.7);
    }

    @Test
    void everyWordTypedMustBeFoundSomewhereInNameCompanyOrEmail() {
        meet("TWORDS", "U1", "Dana Lee", "Acme", null, null, null, DAY.minusDays(5));
        meet("TWORDS", "U1", "Dana Smith", "Globex", null, null, null, DAY);
        meet("TWORDS", "U1", "Omar Ali", "Acme", null, null, null, DAY);

        assertThat(names(search.search("TWORDS", "dana acme"))).containsExactly("Dana Lee");
        assertThat(names(search.search("TWORDS", "acme dana"))).containsExactly("Dana Lee");
        assertThat(names(search.search("TWORDS", "dana globx"))).containsExactly("Dana Smith");
    }

    @Test
    void amongEquallyCloseMatchesTheMostRecentlyMetComeFirst() {
        meet("TRECENT", "U1", "Old Contact", "Umbrella", null, null, null, DAY.minusDays(300));
        meet("TRECENT", "U1", "New Contact", "Umbrella", null, null, null, DAY);
        meet("TRECENT", "U1", "Mid Contact", "Umbrella", null, null, null, DAY.minusDays(30));

        assertThat(names(search.search("TRECENT", "umbrella"))).containsExactly("New Contact", "Mid Contact", "Old Contact");
    }

    @Test
    void amongEquallyCloseAndRecentMatchesTheOneMoreTeammatesMetComesFirst() {
        meet("TWIDE", "U1", "Known Once", "Vandelay", null, null, null, DAY);
        meet("TWIDE", "U1", "Known Widely", "Vandelay", null, null, null, DAY);
        meet("TWIDE", "U2", "Known Widely", "Vandelay", null, null, null, DAY.minusDays(5));
        meet("TWIDE", "U3", "Known Widely", "Vandelay", null, null, null, DAY.minusDays(9));

        Result result = search.search("TWIDE", "vandelay");

        assertThat(names(result)).containsExactly("Known Widely", "Known Once");
        assertThat(result.matches().get(0).acquaintances()).extracting(Acquaintance::teammateId).containsExactly("U1", "U2", "U3");
    }

    @Test
    void amongManyEquallyCloseMatchesTheTenShownAreTheMostRecentlyMetWhateverTheirLastTouch() {
        Random random = new Random(7);
        List<String> created = new ArrayList<>();
        Map<String, LocalDate> lastMet = new HashMap<>();
        Map<String, Set<String>> teammates = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            String name = "Person " + (char) ('A' + i % 26) + (char) ('a' + i / 26);
            created.add(name);
            for (int m = 0; m <= random.nextInt(3); m++) {
                String teammate = "U" + random.nextInt(4);
                LocalDate on = DAY.minusDays(random.nextInt(6)); // few days: many ties on the day, decided by teammates
                meet("TBAR", teammate, name, "Rankco", null, null, null, on);
                lastMet.merge(name, on, (a, b) -> a.isAfter(b) ? a : b);
                teammates.computeIfAbsent(name, n -> new HashSet<>()).add(teammate);
            }
        }
        // A follow-up done or a note since: the last touch moves past the last meeting, which alone ranks.
        database.dsl().update(CONTACT).set(CONTACT.LAST_TOUCH_ON, DAY.plusDays(30))
                .where(CONTACT.TEAM_ID.eq("TBAR"), CONTACT.NAME.in(created.subList(0, 12))).execute();
        List<String> expected = created.stream()
                .sorted(Comparator.comparing((String n) -> lastMet.get(n)).reversed()
                        .thenComparing(n -> -teammates.get(n).size())
                        .thenComparing(created::indexOf))
                .limit(ContactSearch.LIMIT)
                .toList();

        Result result = search.search("TBAR", "rankco");

        assertThat(result.total()).isEqualTo(40);
        assertThat(names(result)).containsExactlyElementsOf(expected);
    }

    @Test
    void eachTeammateIsListedOnceWithTheirLatestMeetingMostRecentFirst() {
        meet("TMET", "U1", "Rosa Diaz", "Nine-Nine", null, null, "Expo", DAY.minusDays(60));
        meet("TMET", "U2", "Rosa Diaz", "Nine-Nine", null, null, null, DAY.minusDays(20));
        meet("TMET", "U1", "Rosa Diaz", "Nine-Nine", null, null, "Summit", DAY.minusDays(2));

        Match rosa = search.search("TMET", "rosa diaz").matches().get(0);

        assertThat(rosa.acquaintances()).containsExactly(
                new Acquaintance("U1", DAY.minusDays(2), "Summit"),
                new Acquaintance("U2", DAY.minusDays(20), null));
        assertThat(rosa.lastTouch()).isEqualTo(DAY.minusDays(2));
    }

    @Test
    void anotherTeamsContactsNeverAppearHoweverSimilar() {
        meet("TISO1", "UA", "Dana Lee", "Acme Robotics", "CTO", "dana@acme.io", "DevConf", DAY.minusDays(10));
        meet("TISO2", "UB", "Dana Lee", "Acme Robotics", "CTO", "dana@acme.io", "DevConf", DAY);
        meet("TISO2", "UB", "Dan Leeds", "Acme", null, null, null, DAY);

        for (String query : new String[] {"acme", "dana lee", "dana@acme.io", "acmee", "da"}) {
            Result result = search.search("TISO1", query);
            assertThat(result.total()).as(query).isEqualTo(1);
            assertThat(result.matches()).as(query).flatExtracting(Match::acquaintances).extracting(Acquaintance::teammateId).containsOnly("UA");
        }
        assertThat(search.search("TNOBODY", "acme").total()).isZero();
    }

    @Test
    void workspacesOfOneEnterpriseGridAreSearchedApart() {
        meet("TGRIDA", "UGA", "Mei Chen", "Wayne Enterprises", null, "mei@wayne.example", null, DAY);
        meet("TGRIDB", "UGB", "Mei Chen", "Wayne Enterprises", null, "mei@wayne.example", null, DAY);
        meet("TGRIDB", "UGB", "Bruce Wayne", "Wayne Enterprises", null, null, null, DAY);

        Result a = search.search("TGRIDA", "wayne");

        assertThat(a.total()).isEqualTo(1);
        assertThat(a.matches().get(0).acquaintances()).extracting(Acquaintance::teammateId).containsExactly("UGA");
        assertThat(search.search("TGRIDB", "wayne").total()).isEqualTo(2);
    }

    @Test
    void atMostTenMatchesComeBackWithTheTotalCount() {
        for (int i = 1; i <= 25; i++) {
            meet("TMANY", "U" + (i % 4), "Person " + (char) ('A' + i), "Bigco", null, null, null, DAY.minusDays(i));
        }

        Result result = search.search("TMANY", "bigco");

        assertThat(result.matches()).hasSize(ContactSearch.LIMIT);
        assertThat(result.total()).isEqualTo(25);
        assertThat(result.matches().get(0).name()).isEqualTo("Person B"); // met yesterday, the most recent
    }
}
