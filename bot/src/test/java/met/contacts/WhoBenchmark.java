package met.contacts;

import static met.db.jooq.Tables.CONTACT;
import static met.db.jooq.Tables.DEBRIEF;
import static met.db.jooq.Tables.MEETING;
import static org.jooq.impl.DSL.val;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntFunction;
import met.capture.ContactKeys;
import met.testing.FakeSlack;
import met.testing.MetClient;
import met.testing.SlackRequests;
import met.testing.TestMet;
import met.workspace.WorkspaceRepository;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.Record3;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.LoggerFactory;

/**
 * How fast {@code /met who} answers on a large team: 100,000 contacts and 300,000 meetings, beside a second team of
 * half that size sharing the indexes. Drives a running Met with signed slash commands over HTTP, as Slack does, and
 * the service alone, each beside a baseline measured in the same run. Not a test (surefire runs *Test and
 * *Properties); run it from the repository root with
 * {@code mvn -B -q -pl bot test-compile exec:java -Dexec.mainClass=met.contacts.WhoBenchmark -Dexec.classpathScope=test}.
 */
public final class WhoBenchmark {
    private static final String TEAM = FakeSlack.TEAM_ID;
    private static final String OTHER_TEAM = "T0OTHER";
    private static final int CONTACTS = 100_000;
    private static final int MEETINGS = 300_000;
    private static final int QUERIES = 1_000;
    private static final int WARM_UP = 300;
    private static final int CLIENTS = 4;
    /** Rows per insert while seeding: each statement stays well within the pool's 30-second socket timeout. */
    private static final int CHUNK = 25_000;

    private static final List<String> FIRST = List.of("James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda",
            "William", "Elizabeth", "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
            "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra", "Donald", "Ashley",
            "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle", "Kenneth", "Carol", "Kevin", "Amanda",
            "Brian", "Dorothy", "George", "Melissa", "Timothy", "Deborah", "Ronald", "Stephanie", "Edward", "Rebecca", "Jason",
            "Sharon", "Jeffrey", "Laura", "Ryan", "Cynthia", "Jacob", "Kathleen", "Gary", "Amy", "Nicholas", "Angela", "Eric",
            "Shirley", "Jonathan", "Anna", "Stephen", "Brenda", "Larry", "Pamela", "Justin", "Emma", "Scott", "Nicole", "Brandon",
            "Helen", "Benjamin", "Samantha", "Samuel", "Katherine", "Gregory", "Christine", "Alexander", "Debra", "Frank", "Rachel",
            "Patrick", "Carolyn", "Raymond", "Janet", "Jack", "Catherine", "Dennis", "Maria", "Jerry", "Heather", "Tyler", "Diane",
            "Aaron", "Ruth", "José", "Julie", "Adam", "Olivia", "Henry", "Joyce", "Nathan", "Virginia", "Douglas", "Victoria",
            "Zachary", "Kelly", "Peter", "Lauren", "Kyle", "Christina", "Wei", "Mei", "Priya", "Arjun", "Aisha", "Mohammed", "Fatima",
            "Hiroshi", "Yuki", "Sofia", "Mateo", "Lucía", "Zoë", "Søren", "François", "Chloé", "Dana", "Lars", "Ingrid", "Olga",
            "Dmitri", "Kenji", "Ana", "Luis", "Camila", "Diego", "Noor", "Omar", "Leila", "Min-jun", "Ji-woo", "Thanh", "Amara",
            "Kwame", "Chidi", "Zanele", "Tomás", "Inès", "Björn", "Astrid", "Mikko", "Aino", "Giulia", "Marco", "Ravi", "Ananya");
    private static final List<String> LAST = List.of("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
            "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson",
            "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
            "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker",
            "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Müller", "Schmidt", "Schneider", "Fischer", "Weber",
            "Núñez", "O'Brien", "Kowalski", "Nowak", "Novák", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Dubois",
            "Lefèvre", "Moreau", "Laurent", "Tanaka", "Suzuki", "Takahashi", "Watanabe", "Sato", "Kim", "Park", "Choi", "Wang",
            "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Patel", "Shah", "Singh", "Kumar", "Gupta", "Sharma", "Khan", "Ali",
            "Hassan", "Cohen", "Levi", "Andersson", "Johansson", "Larsen", "Hansen", "Jensen", "Nielsen", "Virtanen", "Korhonen",
            "Silva", "Santos", "Oliveira", "Pereira", "Costa", "Ivanov", "Petrov", "Popescu", "Horvat", "Papadopoulos", "Yilmaz",
            "Kaya", "Okafor", "Mensah", "Mwangi", "Abebe", "McAllister", "Van der Berg", "De la Cruz", "Fitzgerald", "Gallagher");
    private static final List<String> COMPANY_ROOTS = List.of("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark",
            "Wayne", "Wonka", "Cyberdyne", "Soylent", "Tyrell", "Aperture", "Massive Dynamic", "Oscorp", "Pied Piper", "Monarch",
            "Nakatomi", "Dunder Mifflin", "Prestige", "Sterling", "Blue Sun", "Virtucon", "Gekko", "Bluth", "Dharma", "Northwind",
            "Contoso", "Fabrikam", "Tailspin", "Adventure Works", "Wingtip", "Litware", "Proseware", "Lucerne", "Woodgrove", "Alpine",
            "Coho", "Fourth Coffee", "Humongous", "Trey", "Southridge", "Datum", "Relecloud", "Zephyr", "Helios", "Nimbus", "Quantum",
            "Orion", "Vertex", "Pinnacle", "Summit", "Horizon", "Evergreen", "Redwood", "Granite", "Silverline", "Bluewave",
            "Brightpath", "Clearwater", "Ironbridge", "Lighthouse", "Meridian", "Northstar", "Oakridge", "Peregrine", "Riverbend",
            "Sandstone", "Starling", "Sunrise", "Tidewater", "Trident", "Vanguard", "Westfield", "Yellowstone", "Zenith", "Atlas",
            "Beacon", "Cascade", "Delta", "Ember", "Falcon", "Glacier", "Harbor", "Indigo", "Juniper", "Kestrel", "Lumen", "Magnolia",
            "Nova", "Onyx", "Polaris", "Quartz", "Radiant", "Sapphire", "Titan", "Ultra", "Velocity", "Willow", "Xenon", "Yonder",
            "Zest", "Ampersand", "Bricktown", "Copperleaf", "Driftwood", "Everlast", "Foxglove", "Goldcrest", "Hawthorne",
            "Ivory", "Jasper", "Kingfisher", "Larkspur", "Moonstone", "Nightingale", "Orchard", "Primrose", "Quill", "Rosewood");
    private static final List<String> SECTORS = List.of("Robotics", "Labs", "Systems", "Analytics", "Health", "Bank", "Capital",
            "Logistics", "Energy", "Foods", "Media", "Software", "Biotech", "Consulting", "Partners", "Ventures", "Motors", "Airlines",
            "Pharma", "Insurance", "Retail", "Studios", "Networks", "Security", "Cloud", "Semiconductors", "Telecom", "Solar",
            "Games", "Mining");
    private static final List<String> LEGAL = List.of("", "", "", "", ", Inc.", " LLC", " GmbH", " Ltd", " S.A.", " Corp.");
    private static final List<String> ROLES = List.of("CTO", "CEO", "VP Sales", "Head of Marketing", "Engineer", "Product Manager",
            "Recruiter", "Founder", "Designer", "Data Scientist", "Account Executive", "CFO", "Partner", "Investor", "");
    private static final List<String> EVENTS = List.of("DevConf", "PyData", "Chamber of Commerce Breakfast", "SaaStr", "Web Summit",
            "KubeCon", "Startup Grind", "Women in Tech Meetup", "Product School", "AWS Summit", "Volunteer Day", "Founders Dinner",
            "Data Council", "JSConf", "RubyConf", "GopherCon", "Design Week", "Growth Hackers", "Angel Investors Night", "CES");

    private WhoBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // Met logs one line per request; thousands of them would bury the figures.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("met")).setLevel(Level.WARN);
        int exit = 0;
        TestMet met = TestMet.start("WhoBenchmark");
        try {
            exit = run(met);
        } finally {
            met.close();
        }
        System.exit(exit);
    }

    private static int run(TestMet met) throws Exception {
        DSLContext db = met.db();
        Random random = new Random(20261125);
        long started = System.nanoTime();
        List<String> companies = seed(db, TEAM, "U", CONTACTS, MEETINGS, random);
        seed(db, OTHER_TEAM, "W", CONTACTS / 2, MEETINGS / 2, random);
        db.execute("vacuum analyze");
        System.out.printf(Locale.ROOT, "WhoBenchmark: Java %s, %d cores, %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), db.fetchValue("select version()").toString().replaceAll(" on .*", ""));
        System.out.printf(Locale.ROOT, "seeded %s: %,d contacts at %,d companies, %,d meetings; %s: %,d contacts, %,d meetings (%.1f s)%n",
                TEAM, db.fetchCount(CONTACT, CONTACT.TEAM_ID.eq(TEAM)),
                db.fetchValue(DSL.select(DSL.countDistinct(CONTACT.COMPANY_KEY)).from(CONTACT).where(CONTACT.TEAM_ID.eq(TEAM))),
                db.fetchCount(MEETING, MEETING.TEAM_ID.eq(TEAM)), OTHER_TEAM, db.fetchCount(CONTACT, CONTACT.TEAM_ID.eq(OTHER_TEAM)),
                db.fetchCount(MEETING, MEETING.TEAM_ID.eq(OTHER_TEAM)), (System.nanoTime() - started) / 1e9);
        System.out.printf(Locale.ROOT, "queries: %,d timed after %,d to warm up; company names as typed, company names alone, "
                + "partial words, typos, full names, emails, first name and company, email domains%n", QUERIES, WARM_UP);

        List<String> queries = queries(db, random, companies);
        int planProblems = explain(db, List.of("acme", "acm", "acmee robotics", "dunder mifflin", "jose nunez", "li",
                emailOf(db, 4242), "@" + emailOf(db, 77).split("@")[1]));

        ContactSearch search = new ContactSearch(db);
        MetClient client = met.client();
        SlackRequests requests = met.requests();
        int[] emailsFirst = {0, 0};
        int[] otherTeam = {0};

        // Warm up: JIT, the connection pool, Bolt's auth.test, PostgreSQL's caches and plan caches.
        for (int i = 0; i < WARM_UP; i++) {
            send(client, signed(client, requests, "who " + queries.get(i)));
            send(client, signed(client, requests, "help"));
            search.search(TEAM, queries.get(i));
            db.fetchValue("select 1");
        }

        // Requests are signed just before they are sent (Met refuses signatures older than 5 minutes), off the clock.
        List<Stats> stats = new ArrayList<>();
        stats.add(measure("/met who, signed HTTP (1 client)", i -> signed(client, requests, "who " + queries.get(i)), r -> send(client, r)));
        stats.add(measure("/met help, signed HTTP (baseline)", i -> signed(client, requests, "help"), r -> send(client, r)));
        stats.add(measure("ContactSearch.search (service)", queries::get, q -> {
            ContactSearch.Result result = search.search(TEAM, q);
            // The other team's teammates are W…: none of them may ever show.
            otherTeam[0] += (int) result.matches().stream().flatMap(m -> m.acquaintances().stream())
                    .filter(a -> a.teammateId().startsWith("W")).count();
            if (q.contains("@") && !q.startsWith("@")) {
                emailsFirst[1]++;
                if (!result.matches().isEmpty() && q.equalsIgnoreCase(result.matches().get(0).email())) {
                    emailsFirst[0]++;
                }
            }
            return result.total();
        }));
        stats.add(measure("select 1 (baseline)", i -> "select 1", sql -> db.fetchValue(sql)));
        stats.add(measureConcurrently("/met who, signed HTTP (" + CLIENTS + " clients)",
                i -> signed(client, requests, "who " + queries.get(i)), client));
        String loadDuring = loadAverage();
        double[] cpu = cpuPerSearch(db, queries);

        System.out.printf(Locale.ROOT, "%n%-40s %6s %8s %8s %8s %8s %9s%n", "path", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s");
        stats.forEach(s -> System.out.println(s.line()));
        Stats whoHttp = stats.get(0);
        Stats helpHttp = stats.get(1);
        Stats service = stats.get(2);
        Stats select1 = stats.get(3);
        System.out.printf(Locale.ROOT, "%nratios: /met who ÷ /met help over HTTP: p50 %.1f×, p99 %.1f×; service ÷ select 1: p50 %.1f×, p99 %.1f×%n",
                whoHttp.p(50) / helpHttp.p(50), whoHttp.p(99) / helpHttp.p(99), service.p(50) / select1.p(50), service.p(99) / select1.p(99));
        Integer[] slowest = java.util.stream.IntStream.range(0, QUERIES).boxed()
                .sorted((a, b) -> Long.compare(service.nanos()[b], service.nanos()[a])).limit(8).toArray(Integer[]::new);
        System.out.println("slowest service calls:");
        for (int i : slowest) {
            String q = queries.get(WARM_UP + i);
            System.out.printf(Locale.ROOT, "  %7.2f ms  %-40s %,d matches%n", service.nanos()[i] / 1e6, "“" + q + "”", search.search(TEAM, q).total());
        }
        int[] totals = queries.stream().skip(WARM_UP).mapToInt(q -> search.search(TEAM, q).total()).sorted().toArray();
        System.out.printf(Locale.ROOT, "matches per query: median %d, p90 %,d, max %,d; exact emails found first: %d of %d; "
                        + "another team's people shown: %d%n", totals[totals.length / 2], totals[totals.length * 9 / 10], totals[totals.length - 1],
                emailsFirst[0], emailsFirst[1], otherTeam[0]);
        System.out.printf(Locale.ROOT, "CPU per search (mean of %,d on one connection): PostgreSQL backend %s, JVM thread %.2f ms%n",
                QUERIES, cpu[0] < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f ms", cpu[0]), cpu[1]);
        System.out.printf("load average (1, 5, 15 min) after the timed runs: %s — other processes on this machine share its cores%n", loadDuring);
        boolean fast = whoHttp.p(99) < 100;
        System.out.printf("target p99 < 100 ms over HTTP: %s%n", fast ? "met" : "MISSED");
        return fast && planProblems == 0 ? 0 : 1;
    }

    // --- seeding: names and companies made in Java (keys by ContactKeys, as captures make them), rows by set-based SQL ---

    /** Seeds one team; returns its company names. */
    private static List<String> seed(DSLContext db, String team, String userPrefix, int contacts, int meetings, Random random) {
        new WorkspaceRepository(db).ensure(team, null);
        String[] teammates = new String[40];
        for (int i = 0; i < teammates.length; i++) {
            teammates[i] = String.format(Locale.ROOT, "%s%04d", userPrefix, i + 1);
        }

        List<String> companies = new ArrayList<>();
        for (String root : COMPANY_ROOTS) {
            for (String sector : SECTORS) {
                companies.add(root + " " + sector + LEGAL.get(random.nextInt(LEGAL.size())));
            }
        }
        java.util.Collections.shuffle(companies, random);

        String[] eventNames = new String[1_500];
        String[] eventKeys = new String[eventNames.length];
        String[] eventDays = new String[eventNames.length];
        LocalDate first = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < eventNames.length; i++) {
            LocalDate day = first.plusDays(random.nextInt(1_060));
            eventNames[i] = EVENTS.get(random.nextInt(EVENTS.size())) + " " + day.getYear() + " #" + (i + 1);
            eventKeys[i] = ContactKeys.text(eventNames[i]);
            eventDays[i] = day.toString();
        }
        db.execute("insert into event (team_id, name, name_key, held_on, created_by) "
                + "select {0}, n, k, d::date, {1} from unnest({2}::text[], {3}::text[], {4}::text[]) as e(n, k, d) on conflict do nothing",
                val(team), val(teammates[0]), val(eventNames), val(eventKeys), val(eventDays));

        // About one debrief per three meetings; 70% of them at an event, on its day.
        db.execute("with e as (select id, held_on, row_number() over (order by id) rn from event where team_id = {0}), "
                        + "p as (select case when random() < 0.7 then 1 + floor(random() * (select count(*) from e))::int end ern, "
                        + "1 + floor(random() * {2})::int trn, floor(random() * 1060)::int dd from generate_series(1, {3}) g) "
                        + "insert into debrief (team_id, event_id, author_id, source, met_on) "
                        + "select {0}, e.id, ({1}::text[])[p.trn], 'quick', coalesce(e.held_on, date '2024-01-01' + p.dd) "
                        + "from p left join e on e.rn = p.ern",
                val(team), val(teammates), val(teammates.length), val(meetings / 3));

        // Everyone was met at least once; the other meetings go more often to the people met most. Picked before the
        // contacts are inserted, so that their last touch is inserted with them rather than updated in 100,000 rows.
        var debriefs = db.select(DEBRIEF.ID, DEBRIEF.MET_ON).from(DEBRIEF).where(DEBRIEF.TEAM_ID.eq(team)).orderBy(DEBRIEF.ID).fetch();
        int[] met = new int[meetings];
        Long[] at = new Long[meetings];
        String[] lastTouch = new String[contacts];
        for (int i = 0; i < meetings; i++) {
            met[i] = i < contacts ? i : skewed(random, contacts);
            var debrief = debriefs.get(random.nextInt(debriefs.size()));
            at[i] = debrief.value1();
            String day = debrief.value2().toString();
            if (lastTouch[met[i]] == null || lastTouch[met[i]].compareTo(day) < 0) {
                lastTouch[met[i]] = day;
            }
        }

        String[] names = new String[contacts];
        String[] companyOf = new String[contacts];
        String[] roles = new String[contacts];
        String[] emails = new String[contacts];
        String[] nameKeys = new String[contacts];
        String[] companyKeys = new String[contacts];
        String[] emailKeys = new String[contacts];
        String[] createdBy = new String[contacts];
        Set<String> people = new HashSet<>();
        Set<String> mailboxes = new HashSet<>();
        for (int i = 0; i < contacts; ) {
            // Common names and big companies come up more often, as they do in anyone's network.
            String firstName = FIRST.get(skewed(random, FIRST.size()));
            String lastName = LAST.get(skewed(random, LAST.size()));
            String company = companies.get(skewed(random, companies.size()));
            String name = firstName + " " + lastName;
            String nameKey = ContactKeys.text(name);
            String companyKey = ContactKeys.company(company);
            if (!people.add(nameKey + "|" + companyKey)) {
                continue;
            }
            names[i] = name;
            nameKeys[i] = nameKey;
            companyOf[i] = company;
            companyKeys[i] = companyKey;
            String role = ROLES.get(random.nextInt(ROLES.size()));
            roles[i] = role.isEmpty() ? null : role;
            if (random.nextInt(10) < 7) {
                String domain = companyKey.split(" ")[0] + (random.nextBoolean() ? ".com" : ".io");
                String local = ContactKeys.text(firstName).replace(" ", "") + "." + ContactKeys.text(lastName).replace(" ", "");
                String email = local + "@" + domain;
                for (int n = 2; !mailboxes.add(email); n++) {
                    email = local + n + "@" + domain;
                }
                emails[i] = email;
                emailKeys[i] = ContactKeys.email(email);
            }
            createdBy[i] = teammates[random.nextInt(teammates.length)];
            i++;
        }
        for (int from = 0; from < contacts; from += CHUNK) {
            int to = Math.min(contacts, from + CHUNK);
            db.execute("insert into contact (team_id, name, company, role, email, name_key, company_key, email_key, created_by, last_touch_on) "
                            + "select {0}, n, c, r, e, nk, ck, ek, b, t::date "
                            + "from unnest({1}::text[], {2}::text[], {3}::text[], {4}::text[], {5}::text[], {6}::text[], {7}::text[], {8}::text[], {9}::text[]) "
                            + "as x(n, c, r, e, nk, ck, ek, b, t)",
                    val(team), val(slice(names, from, to)), val(slice(companyOf, from, to)), val(slice(roles, from, to)),
                    val(slice(emails, from, to)), val(slice(nameKeys, from, to)), val(slice(companyKeys, from, to)),
                    val(slice(emailKeys, from, to)), val(slice(createdBy, from, to)), val(slice(lastTouch, from, to)));
        }
        List<Long> contactIds = db.select(CONTACT.ID).from(CONTACT).where(CONTACT.TEAM_ID.eq(team)).orderBy(CONTACT.ID).fetch(CONTACT.ID);
        Long[] who = Arrays.stream(met).mapToObj(contactIds::get).toArray(Long[]::new);
        for (int from = 0; from < meetings; from += CHUNK) {
            int to = Math.min(meetings, from + CHUNK);
            db.execute("insert into meeting (team_id, contact_id, teammate_id, debrief_id, event_id, met_on) "
                            + "select {0}, x.c, d.author_id, d.id, d.event_id, d.met_on from unnest({1}::bigint[], {2}::bigint[]) as x(c, d) "
                            + "join debrief d on d.team_id = {0} and d.id = x.d",
                    val(team), val(Arrays.copyOfRange(who, from, to)), val(Arrays.copyOfRange(at, from, to)));
        }
        return companies;
    }

    private static String[] slice(String[] values, int from, int to) {
        return Arrays.copyOfRange(values, from, to);
    }

    /** An index in [0, size), the low ones more likely: a few big companies and common names, a long tail. */
    private static int skewed(Random random, int size) {
        return (int) (size * Math.pow(random.nextDouble(), 1.6));
    }

    // --- the queries people type ---

    private static List<String> queries(DSLContext db, Random random, List<String> companies) {
        // The same people every run, so that runs can be compared.
        List<Record3<String, String, String>> people = db.select(CONTACT.NAME, CONTACT.COMPANY, CONTACT.EMAIL).from(CONTACT)
                .where(CONTACT.TEAM_ID.eq(TEAM)).orderBy(CONTACT.ID).fetch();
        List<String> queries = new ArrayList<>();
        for (int i = 0; queries.size() < QUERIES + WARM_UP; i++) {
            Record3<String, String, String> p = people.get(random.nextInt(people.size()));
            String company = companies.get(skewed(random, companies.size()));
            String root = root(company);
            int kind = random.nextInt(20);
            String q;
            if (kind < 4) {
                q = company; // as typed on a business card, suffix and all
            } else if (kind < 7) {
                q = random.nextBoolean() ? root.toLowerCase(Locale.ROOT) : root;
            } else if (kind < 10) {
                String word = random.nextBoolean() ? root.split(" ")[0] : lastWord(p.value1());
                q = word.substring(0, Math.min(word.length(), 3 + random.nextInt(3))).toLowerCase(Locale.ROOT);
            } else if (kind < 13) {
                q = typo(random.nextBoolean() ? root + " " + company.substring(root.length() + 1).split("[ ,]")[0] : p.value1(), random);
            } else if (kind < 16) {
                q = random.nextBoolean() ? p.value1() : p.value1().toUpperCase(Locale.ROOT);
            } else if (kind < 18 && p.value3() != null) {
                q = p.value3();
            } else if (kind < 19) {
                q = p.value1().split(" ")[0] + " " + p.value2().split(" ")[0];
            } else {
                q = p.value3() != null && random.nextBoolean() ? "@" + p.value3().split("@")[1] : p.value1().split(" ")[0];
            }
            queries.add(q);
        }
        java.util.Collections.shuffle(queries, random);
        return queries;
    }

    /** "Massive Dynamic Robotics, Inc." is Massive Dynamic. */
    private static String root(String company) {
        return COMPANY_ROOTS.stream().filter(r -> company.startsWith(r + " ")).max(java.util.Comparator.comparingInt(String::length)).orElse(company);
    }

    private static String lastWord(String name) {
        String[] words = name.split(" ");
        return words[words.length - 1];
    }

    /** One slip of the finger: a letter dropped, doubled or swapped with the next. */
    private static String typo(String s, Random random) {
        if (s.length() < 4) {
            return s;
        }
        int at = 1 + random.nextInt(s.length() - 2);
        return switch (random.nextInt(3)) {
            case 0 -> s.substring(0, at) + s.substring(at + 1);
            case 1 -> s.substring(0, at) + s.charAt(at) + s.substring(at);
            default -> s.substring(0, at) + s.charAt(at + 1) + s.charAt(at) + s.substring(at + 2);
        };
    }

    private static String emailOf(DSLContext db, int nth) {
        return db.select(CONTACT.EMAIL).from(CONTACT).where(CONTACT.TEAM_ID.eq(TEAM), CONTACT.EMAIL.isNotNull())
                .orderBy(CONTACT.ID).offset(nth).limit(1).fetchSingle(CONTACT.EMAIL);
    }

    // --- plans: the search's own SQL, captured as it runs, then EXPLAIN ANALYZE ---

    private static int explain(DSLContext db, List<String> queries) {
        List<String> sql = new ArrayList<>();
        DSLContext recording = db.configuration().deriveAppending(ExecuteListener.onRenderEnd(
                ctx -> sql.add(DSL.using(SQLDialect.POSTGRES).renderInlined(ctx.query())))).dsl();
        int problems = 0;
        System.out.println("\nplans of the search query (EXPLAIN ANALYZE, index nodes only):");
        for (String query : queries) {
            sql.clear();
            new ContactSearch(recording).search(TEAM, query);
            List<String> plan = db.fetch("explain (analyze, buffers) " + sql.get(0)).getValues(0, String.class);
            List<String> shown = plan.stream()
                    .filter(l -> l.contains("Index") || l.contains("Seq Scan") || l.contains("Execution Time") || l.contains("BitmapOr"))
                    .filter(l -> !l.contains("Index Cond") && !l.contains("Recheck"))
                    .map(l -> "    " + l.strip())
                    .toList();
            boolean trigram = plan.stream().anyMatch(l -> l.contains("_trgm"));
            boolean seqScanOnContact = plan.stream().anyMatch(l -> l.contains("Seq Scan on contact"));
            if (!trigram || seqScanOnContact) {
                problems++;
            }
            System.out.printf("  “%s”%s%n", query, trigram && !seqScanOnContact ? "" : "  <-- no trigram index used");
            shown.stream().distinct().forEach(System.out::println);
        }
        return problems;
    }

    // --- measuring ---

    /**
     * CPU time per search, of PostgreSQL's backend (from /proc; -1 when it cannot be read) and of the calling thread:
     * unlike latency, it does not grow while other processes hold the cores.
     */
    private static double[] cpuPerSearch(DSLContext pool, List<String> queries) {
        return pool.connectionResult(connection -> {
            DSLContext one = DSL.using(connection, SQLDialect.POSTGRES);
            int backend = one.fetchValue(DSL.field("pg_backend_pid()", Integer.class));
            ContactSearch search = new ContactSearch(one);
            for (int i = 0; i < WARM_UP; i++) {
                search.search(TEAM, queries.get(i));
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long pg = backendCpuNanos(backend);
            long jvm = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < QUERIES; i++) {
                search.search(TEAM, queries.get(WARM_UP + i));
            }
            long pgAfter = backendCpuNanos(backend);
            long jvmAfter = threads.getCurrentThreadCpuTime();
            return new double[] {pg < 0 || pgAfter < 0 ? -1 : (pgAfter - pg) / 1e6 / QUERIES, (jvmAfter - jvm) / 1e6 / QUERIES};
        });
    }

    /** utime + stime of a process, in nanoseconds (Linux counts them in ticks of 1/100 s). */
    private static long backendCpuNanos(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String loadAverage() {
        try {
            String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return load[0] + ", " + load[1] + ", " + load[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static HttpRequest signed(MetClient client, SlackRequests requests, String text) {
        SlackRequests.Signed signed = requests.slashCommand("U0007", text);
        HttpRequest.Builder builder = client.request("/slack/events")
                .header("Content-Type", signed.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
        signed.headers().forEach(builder::header);
        return builder.build();
    }

    /** Sent without MetClient.post, which writes every answer to disk for the Block Kit check. */
    private static Object send(MetClient client, HttpRequest request) {
        MetClient.Reply reply = client.send(request);
        if (reply.status() != 200) {
            throw new IllegalStateException("HTTP " + reply.status() + ": " + reply.body());
        }
        return reply.body();
    }

    private record Stats(String name, long[] nanos, double seconds) {
        double p(double percentile) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int at = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
            return sorted[Math.max(0, at)] / 1e6;
        }

        String line() {
            return String.format(Locale.ROOT, "%-40s %6d %8.2f %8.2f %8.2f %8.2f %9.0f", name, nanos.length, p(50), p(95), p(99), p(100),
                    nanos.length / seconds);
        }
    }

    /** One call after another, on the queries after those used to warm up; {@code prepare} is off the clock. */
    private static <T> Stats measure(String name, IntFunction<T> prepare, Function<T, Object> call) {
        long[] nanos = new long[QUERIES];
        long start = System.nanoTime();
        for (int i = 0; i < QUERIES; i++) {
            T input = prepare.apply(WARM_UP + i);
            long t = System.nanoTime();
            call.apply(input);
            nanos[i] = System.nanoTime() - t;
        }
        return new Stats(name, nanos, (System.nanoTime() - start) / 1e9);
    }

    private static Stats measureConcurrently(String name, IntFunction<HttpRequest> prepare, MetClient client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long[] nanos = new long[QUERIES];
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client0 = c;
                done.add(pool.submit(() -> {
                    for (int i = client0; i < QUERIES; i += CLIENTS) {
                        HttpRequest request = prepare.apply(WARM_UP + i);
                        long t = System.nanoTime();
                        send(client, request);
                        nanos[i] = System.nanoTime() - t;
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return new Stats(name, nanos, (System.nanoTime() - start) / 1e9);
    }
}
