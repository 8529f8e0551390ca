package io.sluice.connectors.http;

import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.connect.Scanner;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Transaction;
import io.sluice.core.engine.Backoff;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.spec.FieldType;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@code http_client} input: requests a URL over and over and emits each answer, or (streaming
 * mode) keeps one request open and emits the body as it arrives, split by a scanner.
 *
 * <p>Polling is paced by the {@code rate_limit} resource (e.g. a {@code local} limit of one per
 * minute); without one the next request follows as soon as the previous message was handed on.
 * The {@code url}, {@code headers} and {@code payload} interpolations are rendered against the
 * previous answer, which is how the dialect does pagination (e.g.
 * {@code ?cursor=${! this.next_cursor | "" }} or a header copied with {@code extract_headers}).
 */
final class HttpClientInput implements Input {

    static final ComponentSpec SPEC = ComponentSpec.input("http_client")
            .categories("Network")
            .summary("Polls an HTTP endpoint, one request after another, and makes each answer a message; or reads a long-lived response as a stream.")
            .description("""
                    The `url`, `headers` and `payload` values may use interpolations. They are rendered against the previous \
                    message this input produced (before the first request: an empty message), so that data of one answer can \
                    select the next page.

                    Requests follow each other as fast as the pipeline takes the messages; pace them with a `rate_limit` \
                    resource, e.g. a `local` rate limit with `count: 1` and `interval: 30s` to poll every thirty seconds.

                    Each polled message carries the metadata `http_status_code` and the response headers chosen by \
                    `extract_headers`.

                    ## Streaming

                    With `stream.enabled` the response body is consumed as a continuous stream and broken into messages by \
                    the `scanner` (by default one message per line), for APIs that serve long-lived feeds. When the server \
                    ends the stream the request is made again if `stream.reconnect` is true; otherwise the input ends.""")
            .fields(HttpClientSettings.fields("GET", false,
                    FieldSpec.string("payload").interpolated().optional()
                            .description("A body to send with each request (optional); interpolations see the previous message."),
                    FieldSpec.bool("drop_empty_bodies").defaultValue(true).advanced()
                            .description("Skip answers with an empty body instead of making empty messages of them."),
                    FieldSpec.object("stream",
                                    FieldSpec.bool("enabled").defaultValue(false).description("Read one long-lived response instead of polling."),
                                    FieldSpec.bool("reconnect").defaultValue(true)
                                            .description("Request again when the server ends the response; false ends the input."),
                                    FieldSpec.of("scanner", FieldType.SCANNER).defaultValue(Map.of("lines", Map.of()))
                                            .description("How the streamed bytes are broken into messages."),
                                    FieldSpec.string("codec").optional().deprecated()
                                            .description("Deprecated: use `scanner`. How the streamed bytes are broken into messages, "
                                                    + "e.g. `lines`, `delim:x`, `all-bytes`; takes precedence over `scanner` when set."),
                                    FieldSpec.integer("max_buffer").defaultValue(1000000).deprecated()
                                            .description("Deprecated: the largest message the `codec` field can produce."))
                            .optional()
                            .description("Streaming mode: one long-lived request whose body is read as it arrives, as messages."),
                    ConnectorFields.autoReplayNacks("Deliver a message the output rejected again, until it is accepted. False: a rejected message is dropped.")))
            .example("Page through an API, once a minute", "Each request asks for the page after the cursor of the previous "
                    + "answer; the first request has no cursor. A `local` rate limit spaces the requests a minute apart.", """
                    input:
                      http_client:
                        url: >-
                          https://tickets.example.com/v2/tickets?limit=50${! ("&after=" + this.next_cursor.not_null()) | "" }
                        verb: GET
                        rate_limit: once_a_minute
                        oauth2:
                          enabled: true
                          token_url: https://auth.example.com/token
                          client_key: "${TICKETS_CLIENT_ID}"
                          client_secret: "${TICKETS_CLIENT_SECRET}"

                    rate_limit_resources:
                      - label: once_a_minute
                        local:
                          count: 1
                          interval: 1m
                    """);

    private final HttpSender sender;
    private final ComponentLog log;
    private final boolean dropEmpty;
    private final boolean replayNacks;
    private final Scanner scanner;          // null: polling mode
    private final boolean reconnect;
    private final ConcurrentLinkedQueue<Batch> replays = new ConcurrentLinkedQueue<>();
    private final Backoff reconnectBackoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30));

    private Batch previous;                 // what interpolations see; null before the first answer
    private volatile Scanner.Reader reader; // streaming mode: the open stream
    private volatile InputStream stream;
    private long streamOpenedAt;
    private volatile boolean closed;
    private final CountDownLatch closing = new CountDownLatch(1);

    private HttpClientInput(HttpSender sender, ComponentLog log, boolean dropEmpty, boolean replayNacks, Scanner scanner, boolean reconnect) {
        this.sender = sender;
        this.log = log;
        this.dropEmpty = dropEmpty;
        this.replayNacks = replayNacks;
        this.scanner = scanner;
        this.reconnect = reconnect;
    }

    static Input create(Conf conf, ComponentContext ctx) throws Exception {
        HttpClientSettings settings = HttpClientSettings.from(conf, ctx);
        Conf payload = conf.child("payload");
        String payloadText = payload.isPresent() ? payload.asString() : "";
        HttpSender.BodySource body = new HttpSender.Explicit(payloadText.isEmpty()
                ? Interpolation.constant("") : payload.asInterpolation());
        Conf stream = conf.child("stream");
        Scanner scanner = null;
        boolean reconnect = true;
        if (stream.isPresent() && stream.bool("enabled")) {
            reconnect = stream.bool("reconnect");
            if (stream.isSet("codec")) {
                Conf codec = stream.child("codec");
                try {
                    scanner = Scanner.Codecs.get().parse(codec.asString(), stream.integer("max_buffer"));
                } catch (IllegalArgumentException e) {
                    throw codec.invalid(e.getMessage());
                }
            } else {
                scanner = (Scanner) ctx.build(ComponentKind.SCANNER, stream.child("scanner"));
            }
        }
        return new HttpClientInput(new HttpSender(settings, body, ctx), ctx.log(), conf.bool("drop_empty_bodies"),
                conf.bool(ConnectorFields.AUTO_REPLAY_NACKS), scanner, reconnect);
    }

    @Override
    public void connect() throws Exception {
        if (closed) return; // read() reports the end
        sender.client();
        if (scanner == null || reader != null) return;
        // A stream that ended soon after it began is a failure worth waiting for before asking again.
        if (streamOpenedAt > 0 && System.nanoTime() - streamOpenedAt < Duration.ofSeconds(2).toNanos()) {
            if (closing.await(reconnectBackoff.next().toNanos(), TimeUnit.NANOSECONDS)) return;
        }
        HttpSender.StreamingResponse res;
        try {
            res = sender.open(previous == null ? new Batch() : previous);
        } catch (IOException e) {
            if (closed) return;
            throw e;
        }
        if (closed) {
            res.body().close();
            throw new IOException("input closed");
        }
        // Until lines arrive, interpolations of a reconnect see the response headers of this stream.
        Part headers = new Part(new byte[0]);
        res.headers().map().forEach((k, v) -> {
            if (!v.isEmpty() && !k.startsWith(":")) headers.setMeta(k.toLowerCase(Locale.ROOT), v.get(0));
        });
        previous = Batch.of(headers);
        stream = res.body();
        reader = scanner.open(res.body(), "");
        streamOpenedAt = System.nanoTime();
        log.info("streaming from {}", sender.describe());
    }

    @Override
    public Transaction read() throws Exception {
        if (closed) throw new EndOfInputException();
        Batch replay = replays.poll();
        if (replay != null) return transaction(replay);
        return scanner == null ? poll() : readStream();
    }

    private Transaction poll() throws Exception {
        HttpSender.Response res;
        try {
            res = sender.send(previous == null ? new Batch() : previous);
        } catch (IOException e) {
            if (closed) throw new EndOfInputException();
            // A server that lets a request time out simply had nothing to say (long polling).
            if (Statuses.isTimeout(e) && !(e instanceof UnexpectedResponseException)) {
                log.debug("request timed out: {}", e.getMessage());
                return null;
            }
            throw e;
        }
        Batch batch = sender.toBatch(res);
        if (batch.isEmpty()) return null;
        if (batch.size() == 1 && batch.get(0).bytes().length == 0 && dropEmpty) return null;
        previous = batch.copy();
        return transaction(batch);
    }

    private Transaction readStream() throws Exception {
        Scanner.Reader r = reader;
        if (r == null) throw new NotConnectedException("the stream is not open");
        while (true) {
            List<Part> parts;
            try {
                parts = r.next();
            } catch (IOException e) {
                closeStream();
                if (closed) throw new EndOfInputException();
                throw new NotConnectedException("the stream from " + sender.describe() + " broke: " + Statuses.describe(e), e);
            }
            if (parts == null) {
                closeStream();
                if (closed) throw new EndOfInputException();
                if (!reconnect) {
                    log.info("the stream from {} ended", sender.describe());
                    throw new EndOfInputException();
                }
                throw new NotConnectedException("the server ended the stream; requesting it again");
            }
            if (parts.isEmpty()) continue;
            if (parts.size() == 1 && parts.get(0).bytes().length == 0 && dropEmpty) continue;
            reconnectBackoff.reset();
            Batch batch = new Batch(parts);
            previous = batch.copy();
            return transaction(batch);
        }
    }

    private Transaction transaction(Batch batch) {
        Batch original = replayNacks ? batch.copy() : null;
        return new Transaction(batch, err -> {
            if (err != null && original != null && !closed) {
                log.debug("message rejected downstream, it will be delivered again: {}", err.getMessage());
                replays.add(original);
            }
        });
    }

    private void closeStream() {
        Scanner.Reader r = reader;
        reader = null;
        InputStream in = stream;
        stream = null;
        try {
            if (r != null) r.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        try {
            if (in != null) in.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    @Override
    public void close() {
        closed = true;
        closing.countDown();
        closeStream();
        sender.close();
    }
}
