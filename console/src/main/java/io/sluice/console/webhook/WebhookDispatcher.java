package io.sluice.console.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.console.store.Attempt;
import io.sluice.console.store.ConsoleStore;
import io.sluice.console.store.Outbound;
import io.sluice.gateway.runtime.GatewayJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Delivers webhook events from the database to subscribers.
 * <ul>
 *   <li><b>One lane per subscription.</b> The dispatcher only looks for subscriptions with due deliveries; each gets a
 *       virtual thread that sends its deliveries one at a time, oldest first. A slow or dead subscriber holds up only
 *       its own lane: the others never wait for it, and its backlog never fills anyone else's query.</li>
 *   <li><b>Claimed before sent.</b> A delivery is claimed in the database for the length of an attempt, so two nodes
 *       on one database never send the same attempt; a claim left by a node that died expires.</li>
 *   <li><b>Durable.</b> The state lives in the database: after a restart, pending deliveries are picked up where they
 *       were. A delivery counts as done only after a 2xx answer (at least once: receivers dedupe by
 *       {@code Sluice-Webhook-Id}).</li>
 *   <li><b>Retries</b> follow {@link RetrySchedule}; after the last attempt the delivery is dead (the subscription's
 *       dead-letter list) until the developer replays it. Every attempt is logged.</li>
 *   <li><b>SSRF.</b> The URL is checked by {@link AddressPolicy} before every attempt, and redirects are not followed.</li>
 * </ul>
 */
public final class WebhookDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final long IDLE_POLL_MILLIS = 1_000;
    private static final int BATCH = 50;
    private static final int MAX_ERROR_LENGTH = 500;

    private final ConsoleStore store;
    private final AddressPolicy addresses;
    private final RetrySchedule retries;
    private final Duration timeout;
    private final HttpClient http;
    private final Set<String> busyLanes = ConcurrentHashMap.newKeySet();
    private final Set<Thread> laneThreads = ConcurrentHashMap.newKeySet();
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running = true;
    private Thread loop;

    public WebhookDispatcher(ConsoleStore store, AddressPolicy addresses, RetrySchedule retries, Duration timeout) {
        this.store = store;
        this.addresses = addresses;
        this.retries = retries;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    public WebhookDispatcher start() {
        loop = Thread.ofVirtual().name("sluice-webhook-dispatcher").start(this::run);
        return this;
    }

    /** New events were stored: look for due deliveries now rather than at the next poll. */
    public void wake() {
        wakeUp.release();
    }

    private void run() {
        while (running) {
            try {
                long now = System.currentTimeMillis();
                for (String subscription : store.subscriptionsWithDueDeliveries(now, 1_000)) {
                    if (busyLanes.add(subscription)) {
                        laneThreads.add(Thread.ofVirtual().name("sluice-webhook-lane-", 0).start(() -> drain(subscription)));
                    }
                }
                long next = store.nextDueAt();
                long wait = next < 0 ? IDLE_POLL_MILLIS : Math.max(10, Math.min(IDLE_POLL_MILLIS, next - System.currentTimeMillis()));
                wakeUp.tryAcquire(wait, TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("Webhook dispatcher cannot read due deliveries: {}", e.getMessage());
                sleepQuietly(IDLE_POLL_MILLIS);
            }
        }
    }

    /** Sends one subscription's due deliveries in order until none is due. */
    private void drain(String subscription) {
        try {
            while (running) {
                long now = System.currentTimeMillis();
                var due = store.dueDeliveriesOf(subscription, now, BATCH);
                if (due.isEmpty()) {
                    return;
                }
                for (Outbound outbound : due) {
                    if (!running) {
                        return;
                    }
                    long start = System.currentTimeMillis();
                    // the claim outlasts the attempt: connect and answer timeouts, plus room for the database
                    if (store.claim(outbound.delivery().id(), start, start + 2 * timeout.toMillis() + 30_000)) {
                        send(outbound);
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                LOG.warn("Webhook lane of subscription {} stopped: {}", subscription, e.getMessage());
            }
        } finally {
            laneThreads.remove(Thread.currentThread());
            busyLanes.remove(subscription);
            if (running) {
                wake(); // more may have become due while this lane was busy
            }
        }
    }

    private void send(Outbound outbound) {
        int attempt = outbound.delivery().attempts() + 1;
        long start = System.currentTimeMillis();
        int status = 0;
        String error;
        try {
            URI url = addresses.check(outbound.url());
            byte[] body = envelope(outbound).getBytes(StandardCharsets.UTF_8);
            long timestamp = start / 1000;
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Sluice-Webhooks/1")
                    .header(WebhookSignature.ID_HEADER, outbound.delivery().id())
                    .header(WebhookSignature.EVENT_HEADER, outbound.delivery().eventType())
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(outbound.secret(), timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            error = status >= 200 && status < 300 ? null : "the subscriber answered HTTP " + status;
        } catch (AddressPolicy.RefusedAddress e) {
            error = "refused: " + e.getMessage();
        } catch (IOException e) {
            if (!running) {
                store.releaseClaim(outbound.delivery().id()); // cut off by the shutdown: not the subscriber's failure
                return;
            }
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            store.releaseClaim(outbound.delivery().id());
            return;
        }
        long end = System.currentTimeMillis();
        boolean delivered = error == null;
        long retryAt = delivered ? 0 : retries.exhausted(attempt) ? -1 : end + retries.delayMillis(attempt);
        if (error != null && error.length() > MAX_ERROR_LENGTH) {
            error = error.substring(0, MAX_ERROR_LENGTH);
        }
        store.recordAttempt(new Attempt(outbound.delivery().id(), attempt, start, status, error, end - start), delivered, retryAt);
    }

    /** What a subscriber receives: the event's id, type and time around the data the stream produced. */
    static String envelope(Outbound outbound) {
        return "{\"id\":\"" + outbound.delivery().eventId() + "\",\"type\":" + jsonString(outbound.delivery().eventType())
                + ",\"created_at\":\"" + Instant.ofEpochMilli(outbound.delivery().createdAt()) + "\",\"data\":" + outbound.body() + "}";
    }

    private static String jsonString(String text) {
        try {
            return GatewayJson.MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops sending: requests in flight are cut off (their claims given back) and the threads finish their database
     * call before the database closes. Threads are not interrupted: an interrupt inside a JDBC call breaks the connection.
     */
    @Override
    public void close() {
        running = false;
        wake();
        http.shutdownNow();
        try {
            if (loop != null) {
                loop.join(5_000);
            }
            for (Thread lane : Set.copyOf(laneThreads)) {
                lane.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
