package io.sluice.connectors.http;

import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Output;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.SyncResponseStore;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code http_client} output: one request per message, or per batch as a multipart body.
 * {@link #write} returns only once the server accepted everything (a 2xx or a
 * {@code successful_on} status) and throws otherwise, so the input acknowledges only delivered
 * messages. With {@code propagate_response} the answers go to the {@link SyncResponseStore} of the
 * messages that were sent.
 */
final class HttpClientOutput implements Output {

    static final ComponentSpec SPEC = ComponentSpec.output("http_client")
            .categories("Network")
            .summary("Sends each message, or each batch, as a request to an HTTP server.")
            .description("""
                    Each message is sent as the body of a request. When retries run out the message is rejected, and what \
                    happens next depends on the input (most deliver it again, which applies back pressure).

                    The `url` and `headers` values may use interpolations, rendered against the message being sent.

                    A batch (see `batching`) is sent as one request with a multipart body when `batch_as_multipart` is true, \
                    and as one request per message otherwise.

                    ## Propagating responses

                    With `propagate_response: true` the answer to each request is handed back to the input as a synchronous \
                    response (see `sync_response`). Only inputs that support synchronous responses, such as `http_server`, \
                    use it; others ignore it.

                    The answer takes the place of the message that was sent: its body becomes the body, and the message \
                    keeps its metadata and gains `http_status_code` and the response headers chosen by `extract_headers`. \
                    When a batch is sent as one multipart request, part `i` of a multipart answer goes to message `i` (parts \
                    beyond the batch go to the first message), so a single-part answer goes to the first message only. \
                    Nothing is handed back for a failed request: the message is rejected as usual, and the answers to a batch \
                    are handed back only once all of its requests succeeded.""")
            .fields(HttpClientSettings.fields("POST", true,
                    FieldSpec.bool("batch_as_multipart").defaultValue(false).advanced()
                            .description("Send each batch as one request with a multipart body (RFC 1341); otherwise each message "
                                    + "of a batch is sent as a request of its own."),
                    FieldSpec.bool("propagate_response").defaultValue(false).advanced()
                            .description("Whether the answers of the server are handed back to the input as synchronous responses "
                                    + "(see Propagating responses)."),
                    FieldSpec.integer("max_in_flight").defaultValue(64).min(1)
                            .description("How many batches may be on their way at once."),
                    ConnectorFields.batching(),
                    FieldSpec.objectList("multipart",
                                    FieldSpec.string("content_type").interpolated().defaultValue("")
                                            .description("The content type of the part.").example("application/bin"),
                                    FieldSpec.string("content_disposition").interpolated().defaultValue("")
                                            .description("The content disposition of the part.")
                                            .example("form-data; name=\"bin\"; filename='${! @AttachmentName }"),
                                    FieldSpec.string("body").interpolated().defaultValue("")
                                            .description("The body of the part.").example("${! this.data.part1 }"))
                            .defaultValue(List.of()).advanced()
                            .description("EXPERIMENTAL: build the request body as these explicit multipart parts, each rendered "
                                    + "against the message, instead of from the message itself."),
                    HttpClientSettings.bodyField()))
            .example("Fifty events per request", "Gathers up to 50 messages, or what arrived within a second, and posts them "
                    + "as the parts of one multipart request.", """
                    output:
                      http_client:
                        url: https://collector.example.com/events
                        verb: POST
                        batch_as_multipart: true
                        batching:
                          count: 50
                          period: 1s
                    """);

    private final HttpSender sender;
    private final ComponentLog log;
    private final boolean batchAsMultipart;
    private final boolean propagateResponse;
    private final int maxInFlight;
    private final AtomicBoolean warnedNoStore = new AtomicBoolean();

    private HttpClientOutput(HttpSender sender, ComponentLog log, boolean batchAsMultipart, boolean propagateResponse, int maxInFlight) {
        this.sender = sender;
        this.log = log;
        this.batchAsMultipart = batchAsMultipart;
        this.propagateResponse = propagateResponse;
        this.maxInFlight = maxInFlight;
    }

    static Output create(Conf conf, ComponentContext ctx) throws Exception {
        HttpClientSettings settings = HttpClientSettings.from(conf, ctx);
        int mif = conf.integer("max_in_flight");
        List<HttpSender.MultipartField> parts = new ArrayList<>();
        for (Conf p : conf.list("multipart")) {
            parts.add(new HttpSender.MultipartField(p.interpolation("content_type"), p.interpolation("content_disposition"), p.interpolation("body")));
        }
        HttpSender.BodySource body = parts.isEmpty() ? HttpClientSettings.bodySource(conf) : new HttpSender.ExplicitMultipart(List.copyOf(parts));
        return new HttpClientOutput(new HttpSender(settings, body, ctx), ctx.log(), conf.bool("batch_as_multipart"),
                conf.bool("propagate_response"), mif);
    }

    @Override
    public void connect() throws Exception {
        sender.client();
        log.debug("ready to send to {}", sender.describe());
    }

    @Override
    public int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public void write(Batch batch) throws Exception {
        if (batch.isEmpty()) return;
        List<Part> answers = new ArrayList<>();
        if (batch.size() > 1 && !batchAsMultipart) {
            // One request per message; the first failure fails the whole batch.
            for (Part p : batch) send(Batch.of(p), answers);
        } else {
            send(batch, answers);
        }
        // Stored only once the whole batch was accepted: a rejected batch may be written again (by a broker),
        // and an answer stored by the failed attempt would then reach the publisher twice.
        if (propagateResponse) propagate(answers);
    }

    private void send(Batch request, List<Part> answers) throws Exception {
        HttpSender.Response r = sender.send(request);
        if (propagateResponse) answers.addAll(sender.answersFor(request, r));
    }

    private void propagate(List<Part> answers) {
        // Messages from inputs that cannot answer carry no store: their answers are dropped, as in the dialect.
        // Looked for only until the warning was given: it is given once.
        if (!warnedNoStore.get() && answers.stream().anyMatch(p -> p.context().get(SyncResponseStore.class) == null)
                && warnedNoStore.compareAndSet(false, true)) {
            log.warn("propagate_response is set, but the input of some messages takes no synchronous responses: their answers are dropped");
        }
        SyncResponseStore.storeAll(new Batch(answers));
    }

    @Override
    public void close() {
        sender.close();
    }
}
