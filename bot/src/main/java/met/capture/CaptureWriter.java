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
import met.db.Database;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the one-statement captures of requests that arrive together in one transaction (a group commit): each
 * request still waits until its capture is committed before Slack is answered, so nothing acknowledged can be lost.
 *
 * <p>Why: a capture's own writes are a few rows; the rest of PostgreSQL's work per capture is the transaction around
 * them (a transaction id, a snapshot, a commit record flushed to disk) and the contention of many small transactions
 * on two cores. With pgbench on the benchmark's machine the same met_capture calls cost 0.74-0.77 ms of
 * PostgreSQL's CPU each one per transaction, and 0.51-0.63 ms eight per transaction.
 *
 * <p>A batch is what is waiting when a writer is free, so under light load every capture is written alone, at once.
 * If anything in a batch fails, the batch is rolled back and each capture is written alone, with the usual retries:
 * one person's bad luck never costs another their capture. A capture that waited {@code waitMillis} without being
 * taken is withdrawn and answered as the requests' pool answers when every connection stays busy
 * ({@link Database#isBusy}); one that a writer has taken is waited for.
 */
public final class CaptureWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CaptureWriter.class);
    /** Bounds a transaction's length, so that the first in a batch is not kept waiting by the last. */
    static final int MAX_BATCH = 32;

    private final DSLContext db;
    private final long waitMillis;
    private final BooleanSupplier unavailable;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param writers how many batches may be written at once: two, so that one is being built while the other
     *                waits for its commit to reach the disk
     * @param unavailable whether the database is known to be away: a capture withdrawn after waiting is told so
     */
    public CaptureWriter(DSLContext db, int writers, long waitMillis, BooleanSupplier unavailable) {
        this.db = db;
        this.waitMillis = waitMillis;
        this.unavailable = unavailable;
        for (int i = 1; i <= writers; i++) {
            Thread t = new Thread(this::writeBatches, "met-capture-writer-" + i);
            t.setDaemon(true);
            this.writers.add(t);
        }
        this.writers.forEach(Thread::start);
    }

    /** A capture to save, and what its request is told. */
    private static final class Job {
        static final int QUEUED = 0, TAKEN = 1, WITHDRAWN = 2;

        final Function<CaptureRepository, CaptureRepository.Captured> work;
        final CompletableFuture<CaptureRepository.Captured> result = new CompletableFuture<>();
        final AtomicInteger state = new AtomicInteger(QUEUED);

        Job(Function<CaptureRepository, CaptureRepository.Captured> work) {
            this.work = work;
        }
    }

    /** Saves a capture (in a batch or alone) and returns once it is committed; failures as a repository's. */
    CaptureRepository.Captured write(Function<CaptureRepository, CaptureRepository.Captured> work) {
        if (closed) {
            return CaptureService.withRetries(() -> work.apply(new CaptureRepository(db)));
        }
        Job job = new Job(work);
        queue.add(job);
        try {
            try {
                return job.result.get(waitMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (job.state.compareAndSet(Job.QUEUED, Job.WITHDRAWN)) {
                    queue.remove(job);
                    throw busy();
                }
                return job.result.get(); // a writer has it: it is being saved, and the request learns how it went
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessException("interrupted while saving a capture", new SQLTransientConnectionException("interrupted", e));
        }
    }

    /** How many captures wait for a writer (a gauge in /metrics, and for tests). */
    public int waiting() {
        return queue.size();
    }

    private DataAccessException busy() {
        SQLTransientConnectionException why = unavailable.getAsBoolean()
                ? new SQLTransientConnectionException("database unavailable", "08006", new java.sql.SQLException("database unavailable", "08006"))
                : new SQLTransientConnectionException("capture not taken within " + waitMillis + " ms: every writer is busy");
        return new DataAccessException(why.getMessage(), why);
    }

    private void writeBatches() {
        List<Job> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                Job first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                batch.removeIf(job -> !job.state.compareAndSet(Job.QUEUED, Job.TAKEN));
                write(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                // Never leave a request waiting on a writer that stopped.
                batch.forEach(job -> job.result.completeExceptionally(e));
                log.error("capture writer failed", e);
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Job> batch) {
        if (batch.size() > 1) {
            try {
                List<CaptureRepository.Captured> saved = db.transactionResult(tx -> {
                    CaptureRepository repo = new CaptureRepository(tx.dsl());
                    List<CaptureRepository.Captured> results = new ArrayList<>(batch.size());
                    for (Job job : batch) {
                        results.add(job.work.apply(repo));
                    }
                    return results;
                });
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).result.complete(saved.get(i));
                }
                return;
            } catch (DataAccessException e) {
                if (Database.isUnavailable(e)) {
                    batch.forEach(job -> job.result.completeExceptionally(e));
                    return;
                }
                // Something in the batch failed: it was rolled back, and each capture is saved alone below.
            }
        }
        for (Job job : batch) {
            try {
                job.result.complete(CaptureService.withRetries(() -> job.work.apply(new CaptureRepository(db))));
            } catch (RuntimeException e) {
                job.result.completeExceptionally(e);
            }
        }
    }

    /** Saves what is queued, then stops the writers. */
    @Override
    public void close() {
        closed = true;
        for (Thread t : writers) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
