package io.sluice.gateway.streaming;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * The host's say over each connection and each message of a stream endpoint, handed to components through
 * {@code ComponentContext.services()} under {@code DeliveryGuard.class}. Inside the gateway it checks every delivered
 * message against the consumer key's rate limit and quota, and closes connections whose key was deleted, deactivated
 * or expired. Standalone, {@link #OPEN} lets everything through.
 *
 * <p>All calls are made on the event loop of the connection and must not block; returned futures may complete on
 * any thread.
 */
public interface DeliveryGuard {

    /**
     * A consumer or publisher connects (before a WebSocket upgrade or the first byte of a response). Fail the future
     * with a {@link Rejection} to answer with its status and message instead.
     */
    Future<Session> onConnect(StreamRequest request);

    /** The guard's view of one open connection. */
    interface Session {

        /**
         * Before {@code messages} messages cross the connection (delivered to a consumer, or accepted from a
         * WebSocket publisher). May be called again before an earlier future completed only for another connection.
         */
        Future<Verdict> beforeDeliver(int messages);

        /**
         * The most messages the edge may show to one {@link #beforeDeliver} call. A session that meters every message
         * (a quota of N must let exactly N through) answers 1; one that only watches the key answers more, so the edge
         * takes whole runs from the hub and writes them at once. Read before every batch: it may change while the
         * connection is open (a key given a quota later). One by default: a guard must ask for batches.
         */
        default int maxBatch() {
            return 1;
        }

        /**
         * Completes (with a reason, e.g. "key deleted") when the host wants the connection closed; never completes
         * otherwise. The edge then closes the WebSocket with 1008 or ends the SSE stream with an error event.
         * Return a future of this session only: the edge adds a listener per connection, so a future shared by all
         * connections that never completes would collect listeners forever.
         */
        /** The stored hash of the consumer's key, for analytics records; null for keyless consumers. */
        default String keyHash() {
            return null;
        }

        /** The alias of the consumer's key, for analytics records; null when none. */
        default String alias() {
            return null;
        }

        Future<String> closeSignal();

        /** The connection ended, for any reason; the host releases what it holds for it (watches, timers). Called once. */
        default void release() {
        }
    }

    /** The answer of {@link Session#beforeDeliver}. */
    sealed interface Verdict {
        record Allow() implements Verdict {
        }

        /** Not for this consumer now (e.g. rate limited); the connection stays open. */
        record Skip(String reason) implements Verdict {
        }

        /** Close the connection (e.g. quota exhausted). */
        record Close(String reason) implements Verdict {
        }

        Verdict ALLOW = new Allow();
    }

    /** Refuses a connection at {@link #onConnect}: answered with {@code status} and a JSON {@code {"error": message}}. */
    final class Rejection extends RuntimeException {
        private final int status;

        public Rejection(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** Everything allowed, nothing ever closed: the guard of a standalone stream. */
    DeliveryGuard OPEN = new DeliveryGuard() {
        private final Future<Verdict> allow = Future.succeededFuture(Verdict.ALLOW);

        @Override
        public Future<Session> onConnect(StreamRequest request) {
            Future<String> never = Promise.<String>promise().future(); // per connection: collected with it
            return Future.succeededFuture(new Session() {
                @Override
                public Future<Verdict> beforeDeliver(int messages) {
                    return allow;
                }

                @Override
                public int maxBatch() {
                    return Integer.MAX_VALUE;
                }

                @Override
                public Future<String> closeSignal() {
                    return never;
                }
            });
        }
    };
}
