package io.sluice.connectors.http;

import io.sluice.core.connect.Multipart;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.RateLimit;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The HTTP engine behind the three components: turns a batch into a request (URL, headers, body,
 * auth), sends it through the JDK client with the dialect's retry rules, and turns the answer into
 * messages.
 *
 * <p>Retry rules, per request: a status in {@code drop_on} fails at once; one in {@code backoff_on}
 * is retried after a wait that starts at {@code retry_period} and doubles up to
 * {@code max_retry_backoff}; any other failure (a non-2xx status not in {@code successful_on}, or no
 * answer at all) is retried every {@code retry_period}. Waits carry ±20% jitter so that many
 * clients do not retry in step. After {@code retries} retries the last failure is thrown.
 *
 * <p>The JDK client is built on first use, so building a component never touches the network.
 * Thread-safe: outputs and processors call it from many virtual threads at once.
 */
final class HttpSender implements AutoCloseable {
    static {
        // The dialect lets users override the Host header; the JDK client refuses it unless told otherwise.
        if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        }
    }

    /** Where the body of a request comes from. */
    sealed interface BodySource permits FromMessages, Explicit, ExplicitMultipart {
    }

    /** The messages themselves: one message is the body, several become a multipart body. */
    record FromMessages() implements BodySource {
    }

    /** An interpolated payload rendered against the reference message (the input's {@code payload}). */
    record Explicit(Interpolation body) implements BodySource {
    }

    /** The output's {@code multipart} list: explicit parts rendered against the reference message. */
    record ExplicitMultipart(List<MultipartField> parts) implements BodySource {
    }

    record MultipartField(Interpolation contentType, Interpolation contentDisposition, Interpolation body) {
    }

    /** A complete answer. */
    record Response(int status, HttpHeaders headers, byte[] body) {
    }

    /** An answer whose body is still arriving (streaming mode); the caller closes {@code body}. */
    record StreamingResponse(int status, HttpHeaders headers, InputStream body) {
    }

    private enum Verdict { SUCCESS, DROP, BACKOFF, RETRY }

    private static final Duration MIN_WAIT = Duration.ofMillis(1);

    private final HttpClientSettings s;
    private final BodySource bodySource;
    private final ComponentContext ctx;
    private final ComponentLog log;
    private final String what;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile HttpClient client;
    private volatile RateLimit rateLimit;

    HttpSender(HttpClientSettings settings, BodySource bodySource, ComponentContext ctx) {
        this.s = settings;
        this.bodySource = bodySource;
        this.ctx = ctx;
        this.log = ctx.log();
        this.what = s.verb() + " " + (s.url().isStatic() ? HttpClientSettings.redact(HttpClientSettings.checkUrl(s.url().render(null, 0))) : s.url());
    }

    HttpClientSettings settings() {
        return s;
    }

    /** A short description for logs: the verb and the URL (or its interpolation). */
    String describe() {
        return what;
    }

    // ---- lifecycle ----

    /** Builds the JDK client if needed. Cheap and offline: connections are opened by requests. */
    HttpClient client() throws IOException {
        HttpClient c = client;
        if (c != null) return c;
        synchronized (this) {
            if (client != null) return client;
            if (closed.getCount() == 0) throw new IOException("the component is closed");
            HttpClient.Builder b = HttpClient.newBuilder()
                    .executor(Executors.newVirtualThreadPerTaskExecutor())
                    .followRedirects(s.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
            if (s.disableHttp2()) b.version(HttpClient.Version.HTTP_1_1);
            if (!s.timeout().isZero() && !s.timeout().isNegative()) b.connectTimeout(s.timeout());
            if (s.tls().enabled()) {
                try {
                    b.sslContext(s.tls().sslContext());
                } catch (GeneralSecurityException e) {
                    throw new IOException("invalid TLS settings (tls): " + e.getMessage(), e);
                }
            }
            ProxySelector proxy = Proxies.of(s.proxyUrl(), System.getenv());
            if (proxy != null) b.proxy(proxy);
            var auth = Proxies.authenticator(s.proxyUrl());
            if (auth != null) b.authenticator(auth);
            client = b.build();
            log.debug("HTTP client ready for {}", what);
            return client;
        }
    }

    @Override
    public void close() {
        closed.countDown();
        HttpClient c;
        synchronized (this) {
            c = client;
        }
        if (c != null) c.shutdownNow();
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    // ---- sending ----

    /** Sends a request made from {@code batch}, with retries; returns the successful answer. */
    Response send(Batch batch) throws Exception {
        return exchange(batch, false, (status, headers, in) -> new Response(status, headers, readAll(in)));
    }

    /** Like {@link #send} but leaves the body open for reading as it arrives (no timeout applies). */
    StreamingResponse open(Batch batch) throws Exception {
        return exchange(batch, true, StreamingResponse::new);
    }

    @FunctionalInterface
    private interface Finish<T> {
        T apply(int status, HttpHeaders headers, InputStream body) throws IOException;
    }

    private <T> T exchange(Batch batch, boolean streaming, Finish<T> finish) throws Exception {
        Duration period = s.retryPeriod();
        boolean backingOff = false;
        int retriesLeft = s.retries();
        int attempt = 0;
        while (true) {
            attempt++;
            RequestDraft draft = draft(batch);
            waitForRateLimit();
            Exception failure;
            Verdict verdict;
            try {
                HttpResponse<InputStream> res = call(draft, streaming);
                verdict = verdict(res.statusCode());
                if (verdict == Verdict.SUCCESS) {
                    recovered(attempt);
                    if (streaming) return finish.apply(res.statusCode(), res.headers(), res.body());
                    try (InputStream in = res.body()) {
                        T out = finish.apply(res.statusCode(), res.headers(), in);
                        if (out instanceof Response r) dumpResponse(r.status(), r.headers(), r.body());
                        return out;
                    }
                }
                byte[] body;
                try (InputStream in = res.body()) {
                    body = in.readNBytes(64 * 1024);
                }
                dumpResponse(res.statusCode(), res.headers(), body);
                failure = new UnexpectedResponseException(draft.method, HttpClientSettings.redact(draft.uri), res.statusCode(), res.headers(), body);
            } catch (IOException e) {
                failure = e;
                verdict = Verdict.RETRY;
            }
            if (verdict == Verdict.DROP || retriesLeft <= 0 || isClosed()) {
                failed(failure, null);
                throw failure;
            }
            retriesLeft--;
            if (verdict == Verdict.BACKOFF) {
                if (backingOff) period = min(period.multipliedBy(2), s.maxRetryBackoff());
                backingOff = true;
            }
            Duration wait = jitter(period);
            if (s.maxRetryBackoff().compareTo(Duration.ZERO) > 0) wait = min(wait, s.maxRetryBackoff());
            failed(failure, wait);
            if (closed.await(wait.toNanos(), TimeUnit.NANOSECONDS)) throw failure;
        }
    }

    private Verdict verdict(int code) {
        if (s.dropOn().contains(code)) return Verdict.DROP;
        if (s.backoffOn().contains(code)) return Verdict.BACKOFF;
        if (s.successfulOn().contains(code)) return Verdict.SUCCESS;
        if (!s.followRedirects() && code >= 300 && code <= 399) return Verdict.SUCCESS;
        return code >= 200 && code <= 299 ? Verdict.SUCCESS : Verdict.RETRY;
    }

    private void failed(Exception failure, Duration retryIn) {
        String msg = failure.getMessage();
        if (isClosed()) {
            log.debug("request ended by close: {}", msg);
            return;
        }
        if (failing.compareAndSet(false, true)) {
            if (retryIn != null) log.warn("request failed, retrying in {}: {}", pretty(retryIn), msg);
            else log.warn("request failed: {}", msg);
        } else if (retryIn != null) {
            log.debug("request failed again, retrying in {}: {}", pretty(retryIn), msg);
        }
    }

    private void recovered(int attempts) {
        if (failing.compareAndSet(true, false)) {
            log.info("requests to {} succeed again{}", what, attempts > 1 ? " (after " + attempts + " attempts)" : "");
        }
    }

    private static String pretty(Duration d) {
        return d.toMillis() + "ms";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration jitter(Duration d) {
        long nanos = d.toNanos();
        if (nanos <= 0) return MIN_WAIT;
        double f = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofNanos(Math.max(MIN_WAIT.toNanos(), (long) (nanos * f)));
    }

    private void waitForRateLimit() throws Exception {
        if (s.rateLimit() == null) return;
        RateLimit rl = rateLimit;
        if (rl == null) rateLimit = rl = ctx.resources().rateLimit(s.rateLimit());
        while (true) {
            Duration wait;
            try {
                wait = rl.access();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                log.error("rate limit '{}' failed: {}", s.rateLimit(), e.getMessage());
                wait = Duration.ofSeconds(1);
            }
            if (wait == null || wait.isZero() || wait.isNegative()) return;
            if (closed.await(wait.toNanos(), TimeUnit.NANOSECONDS)) throw new IOException("the component is closed");
        }
    }

    private HttpResponse<InputStream> call(RequestDraft draft, boolean streaming) throws IOException, InterruptedException {
        HttpClient c = client();
        if (s.oauth2() != null) draft.set("Authorization", s.oauth2().authorization(c, s.timeout()));
        HttpRequest req = build(draft, streaming);
        dumpRequest(draft);
        CompletableFuture<HttpResponse<InputStream>> f = c.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream());
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException(draft.method + " " + HttpClientSettings.redact(draft.uri) + ": " + Statuses.describe(cause), cause);
        } catch (CancellationException e) {
            throw new IOException(draft.method + " " + HttpClientSettings.redact(draft.uri) + ": cancelled", e);
        }
    }

    private HttpRequest build(RequestDraft d, boolean streaming) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(d.uri);
        try {
            b.method(d.method, d.body == null || d.body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(d.body));
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid HTTP verb '" + d.method + "' (verb)", e);
        }
        // Like the original, plain http speaks HTTP/1.1 (no h2c upgrade); https negotiates HTTP/2.
        if (s.disableHttp2() || "http".equalsIgnoreCase(d.uri.getScheme())) b.version(HttpClient.Version.HTTP_1_1);
        if (!streaming && !s.timeout().isZero() && !s.timeout().isNegative()) b.timeout(s.timeout());
        for (Map.Entry<String, String> h : d.headers()) {
            String name = h.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            // The JDK computes these itself and refuses them from callers.
            if (lower.equals("content-length") || lower.equals("connection") || lower.equals("upgrade") || lower.equals("keep-alive")
                    || lower.equals("transfer-encoding")) continue;
            if (lower.equals("expect")) {
                if (h.getValue().equalsIgnoreCase("100-continue")) b.expectContinue(true);
                continue;
            }
            try {
                b.header(name, h.getValue());
            } catch (IllegalArgumentException e) {
                if (lower.equals("host")) {
                    throw new IOException("the Host header cannot be set: the JVM's HTTP client was loaded before this component "
                            + "(start the JVM with -Djdk.httpclient.allowRestrictedHeaders=host)", e);
                }
                throw new IOException("invalid value for header '" + name + "' (headers): " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    // ---- requests from messages ----

    /** The request for {@code batch} (which may be empty: the input's first request). */
    RequestDraft draft(Batch batch) throws Exception {
        Batch ref = batch.isEmpty() ? Batch.of(new Part(new byte[0])) : batch;
        String urlText = s.url().render(ref, 0);
        URI uri;
        try {
            uri = HttpClientSettings.checkUrl(urlText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url: " + e.getMessage(), e);
        }
        byte[] body = null;
        String contentType = null;
        boolean hasContentType = false;
        for (String name : s.headers().keySet()) if (name.equalsIgnoreCase("Content-Type")) hasContentType = true;
        switch (bodySource) {
            case Explicit e -> {
                body = e.body().renderBytes(ref, 0);
                if (!hasContentType) contentType = "application/octet-stream";
            }
            case ExplicitMultipart m -> {
                List<Multipart.Section> sections = new ArrayList<>();
                for (MultipartField f : m.parts()) {
                    List<Map.Entry<String, String>> hs = new ArrayList<>();
                    String ct = f.contentType().render(ref, 0);
                    String cd = f.contentDisposition().render(ref, 0);
                    if (!cd.isEmpty()) hs.add(Map.entry("Content-Disposition", cd));
                    if (!ct.isEmpty()) hs.add(Map.entry("Content-Type", ct));
                    sections.add(new Multipart.Section(hs, f.body().renderBytes(ref, 0)));
                }
                Multipart.Body mb = Multipart.write(sections);
                body = mb.bytes();
                contentType = mb.contentType();
            }
            case FromMessages ignored -> {
                if (batch.size() == 1) {
                    body = batch.get(0).bytes();
                    if (!hasContentType) contentType = "application/octet-stream";
                } else if (batch.size() > 1) {
                    Interpolation partType = null;
                    for (Map.Entry<String, Interpolation> h : s.headers().entrySet()) {
                        if (h.getKey().equalsIgnoreCase("Content-Type")) partType = h.getValue();
                    }
                    List<Multipart.Section> sections = new ArrayList<>();
                    for (int i = 0; i < batch.size(); i++) {
                        List<Map.Entry<String, String>> hs = new ArrayList<>();
                        hs.add(Map.entry("Content-Type", partType == null ? "application/octet-stream" : partType.render(batch, i)));
                        addMetadataHeaders(batch.get(i), hs);
                        sections.add(new Multipart.Section(hs, batch.get(i).bytes()));
                    }
                    Multipart.Body mb = Multipart.write(sections);
                    body = mb.bytes();
                    contentType = mb.contentType();
                }
            }
        }
        RequestDraft d = new RequestDraft(s.verb(), uri, body);
        for (Map.Entry<String, Interpolation> h : s.headers().entrySet()) d.add(h.getKey(), h.getValue().render(ref, 0));
        if (!batch.isEmpty()) {
            List<Map.Entry<String, String>> meta = new ArrayList<>();
            addMetadataHeaders(batch.get(0), meta);
            for (Map.Entry<String, String> m : meta) d.add(m.getKey(), m.getValue());
        }
        if (s.hostHeader() != null) d.set("Host", s.hostHeader().render(ref, 0));
        if (contentType != null) d.set("Content-Type", contentType);
        for (Auth.Signer signer : s.signers()) signer.sign(d);
        return d;
    }

    private void addMetadataHeaders(Part p, List<Map.Entry<String, String>> out) {
        if (s.metadata().isEmpty()) return;
        for (Map.Entry<String, Object> m : p.metadata().entrySet()) {
            if (m.getValue() != null && s.metadata().matches(m.getKey())) out.add(Map.entry(m.getKey(), Structured.toText(m.getValue())));
        }
    }

    // ---- answers to messages ----

    /** The messages of an answer: one, or one per part of a multipart answer; each annotated. */
    Batch toBatch(Response r) {
        Batch out = new Batch();
        String boundary = Multipart.boundaryOf(r.headers().firstValue("Content-Type").orElse(null));
        if (boundary != null) {
            try {
                for (byte[] b : Multipart.parse(r.body(), boundary)) out.add(new Part(b));
            } catch (IllegalArgumentException e) {
                log.warn("could not read the multipart answer, keeping it whole: {}", e.getMessage());
                out = Batch.of(new Part(r.body()));
            }
        } else {
            out.add(new Part(r.body()));
        }
        for (Part p : out) annotate(p, r.status(), r.headers());
        return out;
    }

    /**
     * The messages of an answer to {@code request}, as the dialect builds them: answer part {@code i} replaces (a copy
     * of) message {@code i}, extra parts replace copies of the first message. Each keeps the message's metadata and
     * context and gains the answer's.
     */
    List<Part> answersFor(Batch request, Response r) {
        Batch answer = toBatch(r);
        List<Part> out = new ArrayList<>(answer.size());
        for (int i = 0; i < answer.size(); i++) {
            out.add(merge(request.get(i < request.size() ? i : 0).copy(), answer.get(i)));
        }
        return out;
    }

    /** {@code base} with the body and metadata of {@code answer}. */
    private static Part merge(Part base, Part answer) {
        base.setBytes(answer.bytes());
        for (Map.Entry<String, Object> m : answer.metadata().entrySet()) base.setMeta(m.getKey(), m.getValue());
        return base;
    }

    /** Sets {@code http_status_code} and the headers selected by {@code extract_headers}. */
    void annotate(Part p, int status, HttpHeaders headers) {
        p.setMeta("http_status_code", (long) status);
        extractHeaders(p, headers);
    }

    void extractHeaders(Part p, HttpHeaders headers) {
        if (headers == null || s.extractHeaders().isEmpty()) return;
        headers.map().forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (values.isEmpty() || key.startsWith(":") || !s.extractHeaders().matches(key)) return;
            p.setMeta(key, values.size() == 1 ? values.get(0) : new ArrayList<Object>(values));
        });
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    // ---- request dumps ----

    private void dumpRequest(RequestDraft d) {
        if (s.dumpLevel().isEmpty()) return;
        StringBuilder sb = new StringBuilder();
        sb.append(d.method).append(' ').append(HttpClientSettings.redact(d.uri)).append('\n');
        for (Map.Entry<String, String> h : d.headers()) {
            String v = h.getKey().equalsIgnoreCase("Authorization") ? "<redacted>" : h.getValue();
            sb.append(h.getKey()).append(": ").append(v).append('\n');
        }
        sb.append('\n');
        if (d.body != null) sb.append(new String(d.body, StandardCharsets.UTF_8));
        dump("HTTP request dump:\n{}", sb);
    }

    private void dumpResponse(int status, HttpHeaders headers, byte[] body) {
        if (s.dumpLevel().isEmpty()) return;
        StringBuilder sb = new StringBuilder();
        sb.append(Statuses.line(status)).append('\n');
        headers.map().forEach((k, vs) -> vs.forEach(v -> sb.append(k).append(": ").append(v).append('\n')));
        sb.append('\n').append(new String(body, StandardCharsets.UTF_8));
        dump("HTTP response dump:\n{}", sb);
    }

    private void dump(String format, Object arg) {
        switch (s.dumpLevel()) {
            case "TRACE" -> log.trace(format, arg);
            case "DEBUG" -> log.debug(format, arg);
            case "INFO" -> log.info(format, arg);
            case "WARN" -> log.warn(format, arg);
            default -> log.error(format, arg);
        }
    }
}
