package met.digest;

import static met.db.jooq.Tables.DIGEST_POST;
import static met.db.jooq.Tables.DIGEST_SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import met.Config;
import met.capture.CaptureService;
import met.capture.Debrief;
import met.capture.EventKind;
import met.team.Period;
import met.testing.FakeSlack;
import met.testing.MutableClock;
import met.testing.TestDatabase;
import met.testing.TestMet;
import met.workspace.WorkspaceRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Digests go out at 9:00 on the first day of the period in the subscriber's zone, each exactly once. */
class DigestDispatchTest {
    private static final String TEAM = FakeSlack.TEAM_ID;
    private static final ZoneId APIA = ZoneId.of("Pacific/Apia");         // UTC+13
    private static final ZoneId HONOLULU = ZoneId.of("Pacific/Honolulu"); // UTC−10
    private static final Instant SUBSCRIBED = Instant.parse("2026-11-15T12:00:00Z");
    /** 09:00 on 1 December in Apia; still 10:00 on 30 November in Honolulu. */
    private static final Instant NINE_IN_APIA = Instant.parse("2026-11-30T20:00:00Z");
    private static final Instant NINE_IN_HONOLULU = Instant.parse("2026-12-01T19:00:00Z");
    private static MutableClock clock;
    private static TestMet met;

    /** One Met for the class; each test has its own channels, and starts with no subscription and nothing posted. */
    @BeforeAll
    static void start() {
        clock = new MutableClock(SUBSCRIBED);
        met = TestMet.start("DigestDispatchTest", clock);
        seed(met);
    }

    @AfterAll
    static void stop() {
        met.close();
    }

    @BeforeEach
    void reset() {
        clock.set(SUBSCRIBED);
        met.db().deleteFrom(DIGEST_POST).execute();
        met.db().deleteFrom(DIGEST_SUBSCRIPTION).execute();
    }

    private static void seed(TestMet met) {
        new WorkspaceRepository(met.db()).ensure(TEAM, null);
        new CaptureService(met.db()).create(TEAM, "UANA", new Debrief("DevConf 2026", LocalDate.of(2026, 11, 5), EventKind.CONFERENCE, List.of(),
                List.of(new Debrief.ContactEntry("Dana Lee", "Acme", null, null, null, null, null)), "Pilot <!channel>", List.of(), List.of()),
                CaptureService.Source.FORM, null);
    }

    private static void subscribe(TestMet met, String channel, ZoneId zone) {
        digests(met).subscribe(TEAM, channel, Cadence.MONTHLY, zone, "USUB", SUBSCRIBED);
    }

    private static DigestService digests(TestMet met) {
        return new DigestService(met.db(), new met.team.TeamStats(met.db()));
    }

    private static List<FakeSlack.Call> postsTo(TestMet met, String channel) {
        return met.slack().calls("chat.postMessage").stream().filter(c -> channel.equals(c.arg("channel"))).toList();
    }

    private static List<FakeSlack.Call> historyOf(TestMet met, String channel) {
        return met.slack().calls("conversations.history").stream().filter(c -> channel.equals(c.arg("channel"))).toList();
    }

    private int pass() {
        return met.met().digests().runOnce();
    }

    @Test
    void novembersDigestGoesOutAt9OnTheFirstOfDecemberInEachSubscribersZoneAndOnlyOnce() {
        subscribe(met, "CAPIA", APIA);
        subscribe(met, "CHONOLULU", HONOLULU);

        clock.set(NINE_IN_APIA.minusSeconds(60));
        assertThat(pass()).isZero();
        clock.set(NINE_IN_APIA);
        assertThat(pass()).isEqualTo(1);
        assertThat(postsTo(met, "CAPIA")).hasSize(1);
        assertThat(postsTo(met, "CAPIA").get(0).arg("blocks")).contains("November 2026").contains("compared with October 2026");
        assertThat(postsTo(met, "CHONOLULU")).isEmpty();

        clock.set(NINE_IN_HONOLULU.minusSeconds(60));
        assertThat(pass()).isZero();
        clock.set(NINE_IN_HONOLULU);
        assertThat(pass()).isEqualTo(1);
        assertThat(postsTo(met, "CHONOLULU").get(0).arg("blocks")).contains("November 2026");
        clock.advance(Duration.ofDays(3));
        pass();
        pass();

        assertThat(postsTo(met, "CAPIA")).hasSize(1);
        assertThat(postsTo(met, "CHONOLULU")).hasSize(1);
    }

    @Test
    void theChartFollowsInTheDigestsThreadThroughUploadV2() {
        subscribe(met, "CCHART", APIA);
        clock.set(NINE_IN_APIA);
        int urls = met.slack().calls("files.getUploadURLExternal").size();
        int uploaded = met.slack().uploads().size();

        pass();

        assertThat(postsTo(met, "CCHART")).hasSize(1);
        List<FakeSlack.Call> asked = met.slack().calls("files.getUploadURLExternal");
        assertThat(asked).hasSize(urls + 1);
        assertThat(asked.get(urls).arg("filename")).isEqualTo("met-digest-2026-11.png");
        assertThat(asked.get(urls).arg("alt_txt")).startsWith("Meetings week by week");
        List<FakeSlack.Upload> uploads = met.slack().uploads();
        assertThat(uploads).hasSize(uploaded + 1);
        FakeSlack.Upload upload = uploads.get(uploaded);
        assertThat(Arrays.copyOf(upload.bytes(), 8)).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        FakeSlack.Call complete = met.slack().calls("files.completeUploadExternal").stream()
                .filter(c -> "CCHART".equals(c.arg("channel_id"))).findFirst().orElseThrow();
        assertThat(complete.arg("channel_id")).isEqualTo("CCHART");
        assertThat(complete.arg("thread_ts")).isEqualTo(met.db().select(DIGEST_POST.MESSAGE_TS).from(DIGEST_POST).fetchSingle(DIGEST_POST.MESSAGE_TS));
        assertThat(complete.arg("files")).contains(upload.fileId());
    }

    @Test
    void whenMetWasDownAt9TheDigestGoesOutOnceWhenItIsBack() {
        Config.Database database = TestDatabase.get().fresh();
        try (TestMet before = TestMet.start("DigestDispatchBeforeRestart", clock, database)) {
            seed(before);
            subscribe(before, "CDOWN", HONOLULU);
        }
        clock.set(Instant.parse("2026-12-03T02:00:00Z")); // Met comes back two days late, at night in Honolulu
        try (TestMet back = TestMet.start("DigestDispatchBack", clock, database)) {
            assertThat(back.met().digests().runOnce() + back.met().digests().runOnce()).isEqualTo(1);
        }
        try (TestMet restarted = TestMet.start("DigestDispatchRestarted", clock, database)) {
            assertThat(restarted.met().digests().runOnce()).isZero();
            assertThat(restarted.db().fetchCount(DIGEST_POST, DIGEST_POST.STATUS.eq("sent"))).isEqualTo(1);
        }
    }

    @Test
    void aChannelSubscribedAfterNineOnTheFirstWaitsForTheNextPeriod() {
        digests(met).subscribe(TEAM, "CLATE", Cadence.MONTHLY, APIA, "USUB", NINE_IN_APIA.plusSeconds(3600));
        clock.set(NINE_IN_APIA.plus(Duration.ofDays(2)));

        assertThat(pass()).isZero();
        assertThat(postsTo(met, "CLATE")).isEmpty();
    }

    @Test
    void twoReplicasOnOneDatabasePostEachDigestOnce() {
        Config.Database shared = TestDatabase.get().fresh();
        try (TestMet first = TestMet.start("DigestReplicaA", clock, shared);
             TestMet second = TestMet.start("DigestReplicaB", clock, shared)) {
            seed(first);
            for (int i = 0; i < 12; i++) {
                subscribe(first, "CREP" + i, i % 2 == 0 ? APIA : HONOLULU);
            }
            clock.set(NINE_IN_HONOLULU);

            List<CompletableFuture<Integer>> passes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                passes.add(CompletableFuture.supplyAsync(() -> first.met().digests().runOnce()));
                passes.add(CompletableFuture.supplyAsync(() -> second.met().digests().runOnce()));
            }
            int sent = passes.stream().mapToInt(CompletableFuture::join).sum();

            assertThat(sent).isEqualTo(12);
            assertThat(first.slack().calls("chat.postMessage").size() + second.slack().calls("chat.postMessage").size()).isEqualTo(12);
            assertThat(first.slack().uploads().size() + second.slack().uploads().size()).isEqualTo(12);
        }
    }

    @Test
    void slackAnswering429IsRetriedNoSoonerThanRetryAfterAndPostedOnce() {
        subscribe(met, "CBUSY", APIA);
        met.slack().failNext("chat.postMessage", FakeSlack.Answer.rateLimited(600));
        clock.set(NINE_IN_APIA);

        assertThat(pass()).isZero();                    // 429, Retry-After 600 s
        clock.advance(Duration.ofMinutes(5));
        assertThat(pass()).isZero();                    // still inside Retry-After: not even tried
        assertThat(postsTo(met, "CBUSY")).hasSize(1);
        clock.advance(Duration.ofMinutes(6));
        assertThat(pass()).isEqualTo(1);
        clock.advance(Duration.ofHours(1));
        pass();

        assertThat(postsTo(met, "CBUSY")).hasSize(2);
        assertThat(met.db().select(DIGEST_POST.STATUS, DIGEST_POST.ATTEMPTS).from(DIGEST_POST).fetchSingle().into(Object[].class))
                .containsExactly("sent", 2);
    }

    @Test
    void slackAnswering500IsRetriedWithBackoffAndPostedOnce() {
        subscribe(met, "CFLAKY", APIA);
        met.slack().failNext("chat.postMessage", FakeSlack.Answer.serverError());
        met.slack().failNext("chat.postMessage", FakeSlack.Answer.okFalse("internal_error"));
        clock.set(NINE_IN_APIA);

        pass();                                         // 500: again in a minute
        pass();                                         // too soon
        assertThat(postsTo(met, "CFLAKY")).hasSize(1);
        clock.advance(Duration.ofMinutes(1));
        pass();                                         // ok:false internal_error: again in two minutes
        clock.advance(Duration.ofMinutes(1));
        pass();                                         // too soon
        assertThat(postsTo(met, "CFLAKY")).hasSize(2);
        clock.advance(Duration.ofMinutes(1));
        assertThat(pass()).isEqualTo(1);
        clock.advance(Duration.ofDays(1));
        pass();

        assertThat(postsTo(met, "CFLAKY")).hasSize(3);
    }

    @Test
    void aPostWhoseAnswerNeverCameIsFoundInTheChannelAndNotPostedAgain() {
        subscribe(met, "CSLOW", APIA);
        FakeSlack.Hold hold = met.slack().holdNext("chat.postMessage"); // Slack posts it, and its answer is lost
        clock.set(NINE_IN_APIA);
        try {
            assertThat(pass()).isZero();                // the Web API client's read timeout: look for it in a minute
        } finally {
            hold.release();
        }
        assertThat(hold.received()).isTrue();
        pass();                                         // too soon
        clock.advance(Duration.ofMinutes(1));
        assertThat(pass()).isZero();                    // found in the channel's history: nothing posted
        clock.advance(Duration.ofDays(1));
        pass();

        List<FakeSlack.Call> posts = postsTo(met, "CSLOW");
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0).arg("metadata")).contains("met_digest").contains("2026-11");
        assertThat(historyOf(met, "CSLOW")).singleElement().satisfies(c -> assertThat(c.arg("include_all_metadata")).isIn("true", "1"));
        assertThat(met.db().select(DIGEST_POST.STATUS, DIGEST_POST.ATTEMPTS).from(DIGEST_POST).fetchSingle().into(Object[].class))
                .containsExactly("sent", 2);
        String ts = met.db().select(DIGEST_POST.MESSAGE_TS).from(DIGEST_POST).fetchSingle(DIGEST_POST.MESSAGE_TS);
        assertThat(met.slack().calls("files.completeUploadExternal")).as("the chart the lost answer held up, in the digest's thread")
                .anySatisfy(c -> assertThat(c.arg("thread_ts")).isEqualTo(ts));
    }

    @Test
    void aPostWhoseConnectionDroppedAfterSlackPostedItIsFoundInTheChannelAndNotPostedAgain() {
        subscribe(met, "CDROP", APIA);
        // Slack posts it, then the connection closes unanswered: the HTTP client must not quietly post it again.
        met.slack().failNext("chat.postMessage", FakeSlack.Answer.connectionDropped());
        clock.set(NINE_IN_APIA);
        assertThat(pass()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(pass()).isZero();                    // found in the channel's history: nothing posted
        clock.advance(Duration.ofDays(1));
        pass();

        assertThat(postsTo(met, "CDROP")).hasSize(1);
        assertThat(met.db().select(DIGEST_POST.STATUS).from(DIGEST_POST).fetchSingle(DIGEST_POST.STATUS)).isEqualTo("sent");
    }

    @Test
    void aPostWhoseAnswerNeverCameAndThatSlackDidNotPostIsPostedOnTheNextAttempt() {
        subscribe(met, "CLOST", APIA);
        met.slack().failNext("chat.postMessage", new FakeSlack.Answer(502, java.util.Map.of(), "")); // lost before Slack posted it
        FakeSlack.Hold hold = met.slack().holdNext("chat.postMessage");
        clock.set(NINE_IN_APIA);
        try {
            assertThat(pass()).isZero();
        } finally {
            hold.release();
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(pass()).isEqualTo(1);                // not in the channel: posted
        clock.advance(Duration.ofDays(1));
        pass();

        assertThat(postsTo(met, "CLOST")).hasSize(2);   // the lost one, which Slack never showed, and the one posted
        assertThat(historyOf(met, "CLOST")).hasSize(1);
        assertThat(met.db().select(DIGEST_POST.STATUS).from(DIGEST_POST).fetchSingle(DIGEST_POST.STATUS)).isEqualTo("sent");
    }

    @Test
    void aPostWhoseAnswerNeverCameIsGivenUpWhenMetCannotReadTheChannel() {
        subscribe(met, "CNOSCOPE", APIA);
        FakeSlack.Hold hold = met.slack().holdNext("chat.postMessage");
        met.slack().failNext("conversations.history", FakeSlack.Answer.okFalse("missing_scope")); // installed before Met asked for it
        clock.set(NINE_IN_APIA);
        try {
            pass();
        } finally {
            hold.release();
        }
        clock.advance(Duration.ofMinutes(1));
        pass();
        clock.advance(Duration.ofDays(1));
        pass();

        assertThat(postsTo(met, "CNOSCOPE")).hasSize(1);
        assertThat(met.db().select(DIGEST_POST.STATUS, DIGEST_POST.LAST_ERROR).from(DIGEST_POST).fetchSingle().into(String[].class))
                .containsExactly("failed", "may have been posted, and Met cannot read the channel to check (missing_scope); not resent, to avoid a duplicate");
    }

    @Test
    void aDigestClaimedByAProcessThatDiedIsLookedForInTheChannelAndPostedWhenNotThere() {
        subscribe(met, "CCRASH", APIA);
        clock.set(NINE_IN_APIA);
        // A replica claimed November's digest, then died before posting it.
        Period november = Period.month(YearMonth.of(2026, 11));
        assertThat(new DigestPostRepository(met.db()).claim(new DigestPostRepository.Key(TEAM, "CCRASH", november), clock.instant(), false)).isPresent();

        assertThat(pass()).isZero();                    // claimed, by a process that may still be posting it
        clock.advance(Duration.ofMinutes(11));          // the claim is now old: looked for, and posted since it is not there
        assertThat(pass()).isEqualTo(1);
        clock.advance(Duration.ofDays(2));
        assertThat(pass()).isZero();

        assertThat(postsTo(met, "CCRASH")).hasSize(1);
        assertThat(historyOf(met, "CCRASH")).hasSize(1);
        assertThat(met.db().select(DIGEST_POST.STATUS).from(DIGEST_POST).fetchSingle(DIGEST_POST.STATUS)).isEqualTo("sent");
    }

    @Test
    void aChannelMetLostPausesItsSubscriptionAndTellsTheSubscriberOnce() {
        subscribe(met, "CGONE", APIA);
        met.slack().failNext("chat.postMessage", FakeSlack.Answer.okFalse("not_in_channel"));
        clock.set(NINE_IN_APIA);

        assertThat(pass()).isZero();
        clock.advance(Duration.ofHours(2));
        pass();
        clock.set(Instant.parse("2027-01-01T20:00:00Z")); // December's digest would be due: the channel is paused
        pass();

        assertThat(postsTo(met, "CGONE")).hasSize(1);
        List<FakeSlack.Call> dms = postsTo(met, "USUB");
        assertThat(dms).hasSize(1);
        assertThat(dms.get(0).arg("text")).contains("paused").contains("<#CGONE>").contains("/invite @Met").contains("/met subscribe");
        assertThat(met.db().select(DIGEST_SUBSCRIPTION.STATUS, DIGEST_SUBSCRIPTION.PAUSED_REASON).from(DIGEST_SUBSCRIPTION).fetchSingle()
                .into(Object[].class)).containsExactly("paused", "not_in_channel");
    }

    @Test
    void manyWorkspacesArePostedInOnePass() {
        WorkspaceRepository workspaces = new WorkspaceRepository(met.db());
        for (int i = 0; i < 15; i++) {
            workspaces.ensure("TW" + i, null);
            digests(met).subscribe("TW" + i, "CW" + i, Cadence.MONTHLY, APIA, "USUB", SUBSCRIBED);
        }
        clock.set(NINE_IN_APIA);

        DigestDispatcher.Pass pass = met.met().digests().runPass();

        assertThat(pass.due()).isEqualTo(15);
        assertThat(pass.sent()).isEqualTo(15);
        assertThat(pass.perWorkspace()).hasSize(15);
        assertThat(met.slack().calls("chat.postMessage").stream().filter(c -> c.arg("channel").startsWith("CW"))).hasSize(15);
    }

    @Test
    void theDispatcherPostsDueDigestsOnItsOwn() {
        try (TestMet scheduled = TestMet.start("DigestScheduled", clock, TestDatabase.get().fresh(), Duration.ofSeconds(1))) {
            seed(scheduled);
            subscribe(scheduled, "CAUTO", APIA);
            clock.set(NINE_IN_APIA);

            TestMet.await(Duration.ofSeconds(20), () -> !postsTo(scheduled, "CAUTO").isEmpty());
        }
    }
}
