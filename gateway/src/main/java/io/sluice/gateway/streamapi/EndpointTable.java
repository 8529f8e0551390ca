package io.sluice.gateway.streamapi;

import io.sluice.gateway.streaming.StreamEndpoint;
import io.sluice.gateway.streaming.StreamRoutes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stream endpoints mounted below one API's listen path (or in one template instance): the {@link StreamRoutes}
 * the gateway hands to stream components. Components mount when their stream starts and unmount when it stops, at any
 * time, from their own threads; requests look paths up on the event loops, without locks.
 */
final class EndpointTable implements StreamRoutes {

    private final Vertx vertx;
    private final Map<String, StreamEndpoint> byPath = new ConcurrentHashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(String path, Context context, Promise<StreamEndpoint> promise) {
    }

    EndpointTable(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Mount mount(StreamEndpoint endpoint) {
        if (byPath.putIfAbsent(endpoint.path(), endpoint) != null) {
            throw new IllegalStateException("path " + endpoint.path() + " is already served by another stream endpoint of this API");
        }
        List<Waiter> ready = new ArrayList<>();
        synchronized (waiters) {
            waiters.removeIf(w -> {
                if (serves(endpoint.path(), w.path())) {
                    ready.add(w);
                    return true;
                }
                return false;
            });
        }
        ready.forEach(w -> w.context().runOnContext(v -> w.promise().tryComplete(endpoint)));
        return () -> byPath.remove(endpoint.path(), endpoint);
    }

    /** The endpoint serving a request path: the exact path, else the longest mounted "dir/" path above it. */
    StreamEndpoint lookup(String path) {
        StreamEndpoint exact = byPath.get(path);
        if (exact != null) {
            return exact;
        }
        StreamEndpoint best = null;
        for (StreamEndpoint e : byPath.values()) {
            if (e.path().endsWith("/") && path.startsWith(e.path()) && (best == null || e.path().length() > best.path().length())) {
                best = e;
            }
        }
        return best;
    }

    boolean isEmpty() {
        return byPath.isEmpty();
    }

    /** Completes (on the caller's context) once an endpoint serves {@code path}, or fails after {@code timeoutMillis}. */
    Future<StreamEndpoint> whenServed(String path, long timeoutMillis) {
        StreamEndpoint now = lookup(path);
        if (now != null) {
            return Future.succeededFuture(now);
        }
        Context context = vertx.getOrCreateContext();
        Promise<StreamEndpoint> promise = Promise.promise();
        Waiter waiter = new Waiter(path, context, promise);
        synchronized (waiters) {
            waiters.add(waiter);
        }
        // A mount may have happened between the lookup and the registration.
        StreamEndpoint raced = lookup(path);
        if (raced != null) {
            synchronized (waiters) {
                waiters.remove(waiter);
            }
            return Future.succeededFuture(raced);
        }
        long timer = vertx.setTimer(Math.max(1, timeoutMillis), t -> {
            synchronized (waiters) {
                waiters.remove(waiter);
            }
            promise.tryFail("not served within " + timeoutMillis + " ms");
        });
        return promise.future().onComplete(ar -> vertx.cancelTimer(timer));
    }

    private static boolean serves(String endpointPath, String requestPath) {
        return endpointPath.equals(requestPath) || (endpointPath.endsWith("/") && requestPath.startsWith(endpointPath));
    }
}
