package io.sluice.gateway.runtime;

import io.sluice.core.connect.Offload;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one boundary between the event loops and blocking work. Anything that may block (file IO, bcrypt, HTTP calls
 * to identity providers) goes through {@link #submit}: it runs on a virtual thread and its result comes back on the
 * Vert.x context that asked for it, so handlers never block a loop and never race with it.
 */
public final class BlockingWork implements AutoCloseable {

    private final ExecutorService virtualThreads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("sluice-blocking-", 0).factory());

    public <T> Future<T> submit(Callable<T> task) {
        Context caller = Vertx.currentContext();
        Executor backOnCaller = caller == null ? Runnable::run : completion -> caller.runOnContext(v -> completion.run());
        return Future.fromCompletionStage(Offload.run(virtualThreads, task, backOnCaller));
    }

    @Override
    public void close() {
        virtualThreads.shutdownNow();
    }
}
