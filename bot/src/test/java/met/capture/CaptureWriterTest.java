package met.capture;

import static met.db.jooq.Tables.CONTACT;
import static met.db.jooq.Tables.DEBRIEF;
import static met.db.jooq.Tables.EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import met.db.Database;
import met.testing.TestDatabase;
import met.testing.TestMet;
import met.workspace.WorkspaceRepository;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Captures that wait together are saved in one transaction, each request still answered only once its capture is
 * committed; a failure in a batch costs nobody else their capture; a capture nobody took in time is never saved.
 * A writer is kept busy with a capture that waits on a latch, so that the next ones queue behind it.
 */
class CaptureWriterTest {
    private static final String TEAM = "T0WRITER";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);
    private static Database database;

    @BeforeAll
    static void open() {
        database = Database.open(TestDatabase.get().fresh(), new SimpleMeterRegistry());
        new WorkspaceRepository(database.dsl()).ensure(TEAM, null);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void capturesThatWaitedTogetherAreSavedInOneTransaction() throws Exception {
        try (CaptureWriter writer = new CaptureWriter(database.dsl(), 10_000, () -> false)) {
            Blocker blocker = new Blocker(writer, "Bea Blocker");
            List<CompletableFuture<CaptureRepository.Captured>> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String name = "Ann Batch" + i;
                batch.add(CompletableFuture.supplyAsync(() -> writer.write(quick(name, "Groupco"))));
            }
            TestMet.await(Duration.ofSeconds(5), () -> writer.waiting() == 5);
            blocker.release();

            assertThat(blocker.saved().met()).isPresent();
            for (int i = 0; i < batch.size(); i++) { // each request gets its own capture back
                CaptureRepository.Met met = batch.get(i).get(10, TimeUnit.SECONDS).met().orElseThrow();
                assertThat(met.knownAs()).isEqualTo("Ann Batch" + i);
                assertThat(met.isNew()).isTrue();
            }
        }
        // One transaction: the five debriefs were all written by the same transaction id.
        assertThat(database.dsl().selectDistinct(DSL.field("xmin::text", String.class)).from(DEBRIEF)
                .where(DEBRIEF.TEAM_ID.eq(TEAM), DEBRIEF.RAW_TEXT.like("Ann Batch%")).fetch()).hasSize(1);
        assertThat(contactsNamed("Ann Batch%")).isEqualTo(5);
        assertThat(database.dsl().fetchCount(EVENT, EVENT.TEAM_ID.eq(TEAM), EVENT.NAME.eq("Batchconf"))).isEqualTo(1);
    }

    @Test
    void aFormOfManyStatementsSharesTheBatchWithQuickCaptures() throws Exception {
        try (CaptureWriter writer = new CaptureWriter(database.dsl(), 10_000, () -> false)) {
            CaptureService captures = new CaptureService(database.dsl(), writer);
            Blocker blocker = new Blocker(writer, "Fay Blocker");
            Debrief form = new Debrief("Formconf", DAY, EventKind.CONFERENCE, List.of("UW2"),
                    List.of(entry("Flo Form", "Formco"), entry("Fred Form", "Formco")), "pilots next year",
                    List.of(new Debrief.ActionItemEntry("send the deck", "UW")), List.of());
            CompletableFuture<Saved> formSaved = CompletableFuture.supplyAsync(() -> captures.create(TEAM, "UW", form, CaptureService.Source.FORM, null));
            TestMet.await(Duration.ofSeconds(5), () -> writer.waiting() == 1);
            Debrief quick = new Debrief(null, DAY, EventKind.OTHER, List.of(), List.of(entry("Qiu Quick", "Formco")), null, List.of(), List.of());
            CompletableFuture<Saved> quickSaved = CompletableFuture.supplyAsync(() -> captures.create(TEAM, "UW", quick, CaptureService.Source.QUICK, "Qiu Quick, Formco"));
            TestMet.await(Duration.ofSeconds(5), () -> writer.waiting() == 2);
            blocker.release();

            assertThat(formSaved.get(10, TimeUnit.SECONDS).contacts()).hasSize(2);
            assertThat(quickSaved.get(10, TimeUnit.SECONDS).contacts()).hasSize(1);
            blocker.saved();
            assertThat(captures.find(TEAM, formSaved.get().debriefId()).orElseThrow()).isEqualTo(form);
            assertThat(database.dsl().selectDistinct(DSL.field("xmin::text", String.class)).from(DEBRIEF)
                    .where(DEBRIEF.ID.in(formSaved.get().debriefId(), quickSaved.get().debriefId())).fetch()).hasSize(1);
        }
    }

    @Test
    void aFormThatNamesNobodyIsSavedWithWhatElseItSays() {
        try (CaptureWriter writer = new CaptureWriter(database.dsl(), 10_000, () -> false)) {
            CaptureService captures = new CaptureService(database.dsl(), writer);
            Debrief form = new Debrief("Nobodyconf", DAY, EventKind.MEETUP, List.of("UW3"), List.of(), "met nobody new",
                    List.of(new Debrief.ActionItemEntry("book the next one", "UW")), List.of());

            Saved saved = captures.create(TEAM, "UW", form, CaptureService.Source.FORM, null);

            assertThat(saved.contacts()).isEmpty();
            assertThat(captures.find(TEAM, saved.debriefId()).orElseThrow()).isEqualTo(form);
        }
    }

    @Test
    void oneCaptureFailingInABatchCostsNobodyElseTheirs() throws Exception {
        try (CaptureWriter writer = new CaptureWriter(database.dsl(), 10_000, () -> false)) {
            Blocker blocker = new Blocker(writer, "Ben Blocker");
            CompletableFuture<CaptureRepository.Captured> good1 = CompletableFuture.supplyAsync(() -> writer.write(capture("Gil Good", "Fineco")));
            TestMet.await(Duration.ofSeconds(5), () -> writer.waiting() == 1);
            // A source the debrief table refuses: the database rejects this one capture (check constraint).
            CompletableFuture<CaptureRepository.Captured> bad = CompletableFuture.supplyAsync(() -> writer.write(
                    new CaptureRepository.QuickCapture(TEAM, "UW", "bogus", "Bad Source, Failco", null, EventKind.OTHER, DAY, entry("Bad Source", "Failco"), 3)));
            TestMet.await(Duration.ofSeconds(5), () -> writer.waiting() == 2);
            CompletableFuture<CaptureRepository.Captured> good2 = CompletableFuture.supplyAsync(() -> writer.write(quick("Gus Good", "Fineco")));
            TestMet.await(Duration.ofSeconds(5), () -> writer.waiting() == 3);
            blocker.release();

            assertThat(good1.get(10, TimeUnit.SECONDS).met()).isPresent();
            assertThat(good2.get(10, TimeUnit.SECONDS).met()).isPresent();
            assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DataAccessException.class)
                    .satisfies(e -> assertThat(((DataAccessException) e.getCause()).sqlState()).isEqualTo("23514"));
        }
        assertThat(contactsNamed("Gil Good")).isEqualTo(1);
        assertThat(contactsNamed("Gus Good")).isEqualTo(1);
        assertThat(contactsNamed("Bad Source")).isZero();
    }

    @Test
    void aCaptureNoWriterTookInTimeIsAnsweredBusyAndNeverSaved() throws Exception {
        Throwable answer = withdrawnWhileTheWriterIsBusy(false, capture("Tim Late", "Slowco"));

        assertThat(Database.isBusy(answer)).isTrue();
        assertThat(Database.isUnavailable(answer)).isTrue();
        assertThat(contactsNamed("Tim Late")).isZero();
    }

    @Test
    void withTheDatabaseKnownAwayAWithdrawnCaptureIsToldSo() throws Exception {
        Throwable answer = withdrawnWhileTheWriterIsBusy(true, capture("Ula Away", "Goneco"));

        assertThat(Database.isBusy(answer)).isFalse();
        assertThat(Database.isUnavailable(answer)).isTrue();
    }

    /** What a capture is told when the writer stays busy for longer than the capture may wait (300 ms). */
    private static Throwable withdrawnWhileTheWriterIsBusy(boolean databaseAway,
                                                           Function<CaptureRepository, CaptureRepository.Captured> late) throws Exception {
        try (CaptureWriter writer = new CaptureWriter(database.dsl(), 300, () -> databaseAway)) {
            Blocker blocker = new Blocker(writer, "Bo Blocker " + databaseAway);
            Throwable answer = catchThrowable(() -> writer.write(late));
            blocker.release();
            blocker.saved();
            assertThat(answer).isNotNull();
            return answer;
        }
    }

    @Test
    void closingSavesWhatIsQueuedAndLaterCapturesAreSavedAlone() throws Exception {
        CaptureWriter writer = new CaptureWriter(database.dsl(), 10_000, () -> false);
        Blocker blocker = new Blocker(writer, "Cy Blocker");
        CompletableFuture<CaptureRepository.Captured> queued = CompletableFuture.supplyAsync(() -> writer.write(capture("Quin Queued", "Lastco")));
        TestMet.await(Duration.ofSeconds(5), () -> writer.waiting() == 1);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(writer::close);
        blocker.release();
        closing.get(10, TimeUnit.SECONDS);

        assertThat(queued.get(10, TimeUnit.SECONDS).met()).isPresent();
        assertThat(writer.write(capture("Al After", "Lastco")).met()).isPresent();
        assertThat(contactsNamed("Quin Queued")).isEqualTo(1);
        assertThat(contactsNamed("Al After")).isEqualTo(1);
    }

    /** Quick captures of a batch go to the database in one call. */
    private static CaptureRepository.QuickCapture quick(String name, String company) {
        return new CaptureRepository.QuickCapture(TEAM, "UW", "quick", name + ", " + company, "Batchconf", EventKind.OTHER, DAY, entry(name, company), 3);
    }

    /** Any other debrief's writes run one by one in the batch's transaction. */
    private static Function<CaptureRepository, CaptureRepository.Captured> capture(String name, String company) {
        return repo -> repo.capture(new CaptureRepository.QuickCapture(TEAM, "UW", "quick", name + ", " + company, null, EventKind.OTHER, DAY,
                entry(name, company), 3));
    }

    /** A capture that keeps its writer busy from the moment the writer takes it until released, then is saved. */
    private static final class Blocker {
        private final CountDownLatch taken = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final CompletableFuture<CaptureRepository.Captured> saved;

        Blocker(CaptureWriter writer, String name) throws InterruptedException {
            Function<CaptureRepository, CaptureRepository.Captured> then = capture(name, "Holdco");
            saved = CompletableFuture.supplyAsync(() -> writer.write(repo -> {
                taken.countDown();
                try {
                    if (!released.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return then.apply(repo);
            }));
            assertThat(taken.await(10, TimeUnit.SECONDS)).isTrue();
        }

        void release() {
            released.countDown();
        }

        CaptureRepository.Captured saved() throws Exception {
            return saved.get(10, TimeUnit.SECONDS);
        }
    }

    private static Debrief.ContactEntry entry(String name, String company) {
        return new Debrief.ContactEntry(name, company, null, null, null, null, null);
    }

    private static int contactsNamed(String pattern) {
        return database.dsl().fetchCount(CONTACT, CONTACT.TEAM_ID.eq(TEAM), CONTACT.NAME.like(pattern));
    }
}
