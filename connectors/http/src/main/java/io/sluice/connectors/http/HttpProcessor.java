package io.sluice.connectors.http;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code http} processor: sends each message (or the whole batch, as a multipart body) and
 * replaces its content with the answer. The message keeps its metadata and gains
 * {@code http_status_code} plus the headers chosen by {@code extract_headers}. When the request
 * finally fails the message passes on unchanged, flagged with the error (and the status code, when
 * the server answered), for {@code catch}/{@code try} to handle.
 */
final class HttpProcessor implements Processor {

    static final ComponentSpec SPEC = ComponentSpec.processor("http")
            .categories("Integration")
            .summary("Sends each message to an HTTP server and replaces it with the body of the response.")
            .description("""
                    The `rate_limit` field names a rate limit resource that caps requests across every component that uses it.

                    The `url` and `headers` values may use interpolations, rendered against the message being sent.

                    To send only part of a message, or to merge the answer into the message instead of replacing it, wrap \
                    this processor in a `branch`.

                    ## Response codes

                    2xx answers, and those listed in `successful_on`, are successes. Statuses in `backoff_on` are retried after \
                    growing waits; statuses in `drop_on` fail at once; others are retried every `retry_period`.

                    ## Metadata

                    The result carries `http_status_code` (also when the request failed with an answer from the server) and \
                    the response headers chosen by `extract_headers`.

                    ## Error handling

                    When every attempt failed the message continues unchanged, flagged with the error, so it can be handled \
                    with `catch`, `try` or a dead-letter output.""")
            .fields(HttpClientSettings.fields("POST", false,
                    FieldSpec.bool("batch_as_multipart").defaultValue(false).advanced()
                            .description("Send the whole batch as one request with a multipart body (RFC 1341)."),
                    FieldSpec.bool("parallel").defaultValue(false)
                            .description("Send the messages of a batch at the same time instead of one after another."),
                    HttpClientSettings.bodyField()))
            .example("Add the weather to each reading", "Asks a weather service about the reading's station, with an empty "
                    + "body, and stores the answer under `weather`; the reading keeps its other fields.", """
                    pipeline:
                      processors:
                        - branch:
                            request_map: 'root = ""'
                            processors:
                              - http:
                                  url: 'http://weather.internal:8000/stations/${! this.station }/now'
                                  verb: GET
                                  headers:
                                    Accept: application/json
                            result_map: 'root.weather = this'
                    """);

    private final HttpSender sender;
    private final ComponentLog log;
    private final boolean asMultipart;
    private final boolean parallel;

    private HttpProcessor(HttpSender sender, ComponentLog log, boolean asMultipart, boolean parallel) {
        this.sender = sender;
        this.log = log;
        this.asMultipart = asMultipart;
        this.parallel = parallel;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws Exception {
        HttpClientSettings settings = HttpClientSettings.from(conf, ctx);
        return new HttpProcessor(new HttpSender(settings, HttpClientSettings.bodySource(conf), ctx), ctx.log(),
                conf.bool("batch_as_multipart"), conf.bool("parallel"));
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        if (batch.isEmpty()) return List.of();
        Batch out;
        if (asMultipart || batch.size() == 1) {
            out = whole(batch);
        } else if (!parallel) {
            out = new Batch();
            for (Part p : batch) out.parts().addAll(one(p, true));
        } else {
            out = inParallel(batch);
        }
        return List.of(out);
    }

    /** One request for the whole batch; the answer's parts replace the messages in order. */
    private Batch whole(Batch batch) throws InterruptedException {
        try {
            Batch out = new Batch(sender.answersFor(batch, sender.send(batch)));
            if (out.isEmpty()) throw new IOException("the answer of " + sender.describe() + " had no parts");
            return out;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            log.error("HTTP request failed: {}", e.getMessage());
            Batch out = new Batch();
            for (Part p : batch) out.add(flag(p.copy(), e));
            return out;
        }
    }

    /** One request for one message; several answer parts (multipart) become several messages. */
    private List<Part> one(Part p, boolean allowMany) throws InterruptedException {
        try {
            Batch request = Batch.of(p);
            List<Part> out = sender.answersFor(request, sender.send(request));
            if (!allowMany && out.size() != 1) throw new IOException("expected one part in the answer, got " + out.size());
            return out;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            log.error("HTTP request failed: {}", e.getMessage());
            return List.of(flag(p.copy(), e));
        }
    }

    private Batch inParallel(Batch batch) throws InterruptedException {
        Part[] results = new Part[batch.size()];
        List<Thread> threads = new ArrayList<>();
        InterruptedException[] interrupted = new InterruptedException[1];
        for (int i = 0; i < batch.size(); i++) {
            int index = i;
            threads.add(Thread.ofVirtual().name("http-processor-" + i).start(() -> {
                try {
                    results[index] = one(batch.get(index), false).get(0);
                } catch (InterruptedException e) {
                    interrupted[0] = e;
                }
            }));
        }
        try {
            for (Thread t : threads) t.join();
        } catch (InterruptedException e) {
            for (Thread t : threads) t.interrupt();
            throw e;
        }
        if (interrupted[0] != null) throw interrupted[0];
        return new Batch(List.of(results));
    }

    private Part flag(Part p, Exception e) {
        if (e instanceof UnexpectedResponseException u) {
            p.setMeta("http_status_code", (long) u.code());
            sender.extractHeaders(p, u.headers());
        }
        p.setError(e);
        return p;
    }

    @Override
    public void close() {
        sender.close();
    }
}
