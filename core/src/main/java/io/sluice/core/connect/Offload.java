package io.sluice.core.connect;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Runs blocking work on a virtual thread and finishes on the caller's own thread (an event loop):
 * the result or failure is handed to {@code finisher}, e.g. {@code task -> context.runOnContext(v -> task.run())}
 * for a Vert.x context, so that code after the offload runs where the caller's state lives.
 */
public final class Offload {
    private Offload() {
    }

    public static <T> CompletableFuture<T> run(String threadName, Callable<T> work, Executor finisher) {
        return run(task -> Thread.ofVirtual().name(threadName).start(task), work, finisher);
    }

    /**
     * As {@link #run(String, Callable, Executor)}, on a thread of {@code runner}: an executor of virtual threads that
     * its owner shuts down, so that work still running at shutdown is interrupted.
     */
    public static <T> CompletableFuture<T> run(Executor runner, Callable<T> work, Executor finisher) {
        CompletableFuture<T> done = new CompletableFuture<>();
        runner.execute(() -> {
            T value;
            try {
                value = work.call();
            } catch (Throwable e) {
                finisher.execute(() -> done.completeExceptionally(e));
                return;
            }
            finisher.execute(() -> done.complete(value));
        });
        return done;
    }
}
