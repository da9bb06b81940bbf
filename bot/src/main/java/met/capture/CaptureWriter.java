package met.capture;

import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntConsumer;
import met.db.Database;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the debriefs of requests that arrive together in one transaction (a group commit), on one writer thread:
 * each request still waits until its debrief is committed before Slack is answered, so nothing acknowledged can be
 * lost.
 *
 * <p>Why: a quick capture's own writes are a few rows; much of PostgreSQL's work per capture was the transaction
 * around them (a transaction id, a snapshot, a commit record flushed to disk) and the contention of many small
 * transactions on two cores. With pgbench on the benchmark's machine the same met_capture calls cost 0.74-0.77 ms of
 * PostgreSQL's CPU each at one per transaction, and 0.51-0.63 ms at eight per transaction. Under bench/load, Met on
 * quick captures went from 878-1,094 to 1,108-1,310 requests/s, PostgreSQL from 0.80-0.95 to 0.57-0.62 ms per
 * capture.
 *
 * <p>Why one writer: two writers (alternating runs of the same build) spent more of PostgreSQL's CPU per capture
 * (0.71-0.73 against 0.57-0.62 ms) and of Met's (0.54-0.56 against 0.46-0.52 ms), with slower slowest answers (158-191
 * against 72-99 ms): two transactions inserting into the same index pages wait on each other, and could deadlock on
 * the same people. With one, there is none of that, and while its commit reaches the disk the other requests' web
 * work has the cores.
 *
 * <p>The quick captures of a batch reach PostgreSQL in one call (met_captures, migration V13); a form's writes run
 * statement by statement in the same transaction. Against a round trip per capture, in alternating bench/load runs:
 * Met quick 1,046-1,152 -> 1,373-1,496 requests/s, Met's CPU 0.48-0.52 -> 0.41-0.45 ms and PostgreSQL's
 * 0.59-0.63 -> 0.52-0.56 ms per capture. Since V17 that call writes the batch set-wise (one statement per table, the
 * captures sharing a person one by one): PostgreSQL 0.52-0.63 -> 0.34-0.42 ms per capture (README, Performance).
 *
 * <p>A batch is what is waiting when the writer is free, so under light load every debrief is written alone, at once.
 * If anything in a batch fails, the batch is rolled back and each debrief is written alone, with the usual retries:
 * one person's bad luck never costs another their capture. A debrief that waited {@code waitMillis} without being
 * taken is withdrawn and answered as the requests' pool answers when every connection stays busy
 * ({@link Database#isBusy}); one that the writer has taken is waited for.
 */
public final class CaptureWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CaptureWriter.class);
    /** Bounds a transaction's length, so that the first in a batch is not kept waiting long by the last. */
    static final int MAX_BATCH = 32;
    /**
     * How long a debrief waits to be taken by the writer, which then waits at most the pool's
     * {@link Database#REQUEST_WAIT_MILLIS} for a connection: a save starts within 2.5 s of its arrival, inside
     * Slack's 3 s, and a debrief not taken by then is answered "very busy" while its words can still be shown.
     */
    public static final long WAIT_MILLIS = 1_500;

    private final DSLContext db;
    private final long waitMillis;
    private final BooleanSupplier unavailable;
    private final IntConsumer afterBatch;
    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    /** @param unavailable whether the database is known to be away: a debrief withdrawn after waiting is told so */
    public CaptureWriter(DSLContext db, long waitMillis, BooleanSupplier unavailable) {
        this(db, waitMillis, unavailable, debriefs -> { });
    }

    /** @param afterBatch told how many debriefs each batch held once it is written (such as {@link FirstStatistics}) */
    public CaptureWriter(DSLContext db, long waitMillis, BooleanSupplier unavailable, IntConsumer afterBatch) {
        this.db = db;
        this.waitMillis = waitMillis;
        this.unavailable = unavailable;
        this.afterBatch = afterBatch;
        this.writer = new Thread(this::writeBatches, "met-capture-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** A debrief to save, and what its request is told once it is committed. */
    private static class Job<T> {
        static final int QUEUED = 0, TAKEN = 1, WITHDRAWN = 2;

        final Function<CaptureRepository, T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();
        final AtomicInteger state = new AtomicInteger(QUEUED);
        private T written;

        Job(Function<CaptureRepository, T> work) {
            this.work = work;
        }

        /** Runs the capture's statements in a batch's transaction; its request hears of it once that commits. */
        void writeIn(CaptureRepository repo) {
            written = work.apply(repo);
        }

        void committed() {
            result.complete(written);
        }

        void wrote(T value) {
            written = value;
        }

        void writeAlone(DSLContext db) {
            try {
                result.complete(CaptureService.inTransaction(db, work));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }
    }

    /** A quick capture: those of a batch reach the database in one call (met_captures). */
    private static final class QuickJob extends Job<CaptureRepository.Captured> {
        final CaptureRepository.QuickCapture capture;

        QuickJob(CaptureRepository.QuickCapture capture) {
            super(repo -> repo.capture(capture));
            this.capture = capture;
        }
    }

    /**
     * Saves a capture (in a batch or alone) and returns once it is committed; fails as a repository's statements do.
     * {@code work} may run more than once: in a batch that is then rolled back, and alone after that.
     */
    <T> T write(Function<CaptureRepository, T> work) {
        return closed ? CaptureService.inTransaction(db, work) : submit(new Job<>(work));
    }

    /** Saves a quick capture, as {@link #write(Function)} does; those of a batch go to the database in one call. */
    CaptureRepository.Captured write(CaptureRepository.QuickCapture capture) {
        return closed ? CaptureService.inTransaction(db, repo -> repo.capture(capture)) : submit(new QuickJob(capture));
    }

    private <T> T submit(Job<T> job) {
        queue.add(job);
        try {
            try {
                return job.result.get(waitMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (job.state.compareAndSet(Job.QUEUED, Job.WITHDRAWN)) {
                    queue.remove(job);
                    throw busy();
                }
                return job.result.get(); // the writer has it: it is being saved, and the request learns how it went
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessException("interrupted while saving a capture", new SQLTransientConnectionException("interrupted", e));
        }
    }

    /** How many captures wait for the writer (a gauge in /metrics, and for tests). */
    public int waiting() {
        return queue.size();
    }

    private DataAccessException busy() {
        SQLTransientConnectionException why = Database.waitedTooLong(unavailable.getAsBoolean(),
                "capture not taken within " + waitMillis + " ms: the writer is busy");
        return new DataAccessException(why.getMessage(), why);
    }

    private void writeBatches() {
        List<Job<?>> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                Job<?> first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                batch.removeIf(job -> !job.state.compareAndSet(Job.QUEUED, Job.TAKEN));
                write(batch);
                afterBatch.accept(batch.size());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                // Never leave a request waiting on a batch that will not end; the writer carries on.
                batch.forEach(job -> job.result.completeExceptionally(e));
                log.error("capture writer failed", e);
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Job<?>> batch) {
        if (batch.size() > 1) {
            try {
                db.transaction(tx -> {
                    CaptureRepository repo = new CaptureRepository(tx.dsl());
                    List<QuickJob> quick = new ArrayList<>();
                    for (Job<?> job : batch) {
                        if (job instanceof QuickJob q) {
                            quick.add(q);
                        } else {
                            job.writeIn(repo);
                        }
                    }
                    if (!quick.isEmpty()) {
                        List<CaptureRepository.Captured> saved = repo.captureAll(quick.stream().map(q -> q.capture).toList());
                        for (int i = 0; i < quick.size(); i++) {
                            quick.get(i).wrote(saved.get(i));
                        }
                    }
                });
                batch.forEach(Job::committed);
                return;
            } catch (RuntimeException e) {
                if (Database.isUnavailable(e)) {
                    batch.forEach(job -> job.result.completeExceptionally(e));
                    return;
                }
                // Something in the batch failed: it was rolled back, and each debrief is saved alone below.
            }
        }
        batch.forEach(job -> job.writeAlone(db));
    }

    /** Saves what is queued, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
