package met;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for work started side by side, as if it had run in the caller's thread. */
public final class Futures {
    private Futures() {
    }

    /** The result, or the work's own RuntimeException (not wrapped in a CompletionException), so callers handle it as usual. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
