package io.sluice.components.processors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Runs tasks on virtual threads, at most {@code cap} at a time, and returns their results in task
 * order. Processors block (HTTP calls, caches, sleeps), so a virtual thread per task costs little.
 */
final class VirtualThreadFanOut {
    private VirtualThreadFanOut() {
    }

    /** A task that may block and may be interrupted. */
    @FunctionalInterface
    interface Task<T> {
        T run() throws InterruptedException;
    }

    /**
     * @param cap at most this many tasks run at once; zero or less means no limit
     * @throws InterruptedException when the caller is interrupted; running tasks are interrupted too
     */
    static <T> List<T> runAll(List<Task<T>> tasks, int cap) throws InterruptedException {
        if (tasks.size() == 1) return List.of(tasks.get(0).run());
        Semaphore permits = cap > 0 && cap < tasks.size() ? new Semaphore(cap) : null;
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<T>> futures = new ArrayList<>(tasks.size());
            for (Task<T> task : tasks) futures.add(executor.submit(gated(task, permits)));
            List<T> results = new ArrayList<>(tasks.size());
            for (Future<T> f : futures) results.add(await(f));
            executor.shutdown();
            return results;
        } finally {
            // Reached with tasks still running only when the caller was interrupted or a task failed.
            executor.shutdownNow();
        }
    }

    private static <T> Callable<T> gated(Task<T> task, Semaphore permits) {
        if (permits == null) return task::run;
        return () -> {
            permits.acquire();
            try {
                return task.run();
            } finally {
                permits.release();
            }
        };
    }

    private static <T> T await(Future<T> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException ie) throw ie;
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        }
    }
}
