package io.sluice.connectors.http;

import io.sluice.core.connect.MetadataFilter;
import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.ResourceRefs;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.tls.Tls;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP client fields shared by the {@code http_client} input and output and the {@code http}
 * processor (one spec fragment, one parser), and their parsed form.
 */
record HttpClientSettings(
        Interpolation url,
        String verb,
        Map<String, Interpolation> headers,
        Interpolation hostHeader,
        MetadataFilter metadata,
        MetadataFilter extractHeaders,
        String dumpLevel,
        List<Auth.Signer> signers,
        OAuth2Tokens oauth2,
        Tls tls,
        String rateLimit,
        Duration timeout,
        Duration retryPeriod,
        Duration maxRetryBackoff,
        int retries,
        boolean followRedirects,
        Set<Integer> backoffOn,
        Set<Integer> dropOn,
        Set<Integer> successfulOn,
        URI proxyUrl,
        boolean disableHttp2) {

    static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "");

    /** The shared fields, in the dialect's order, followed by the component's own. */
    static FieldSpec[] fields(String defaultVerb, boolean forOutput, FieldSpec... extra) {
        List<FieldSpec> f = new ArrayList<>(List.of(
                FieldSpec.string("url").interpolated()
                        .description("The URL to send requests to. Interpolations are rendered against the message being sent "
                                + "(for the input: against the previous response, which allows simple pagination).")
                        .example("http://127.0.0.1:8080/ingest", "https://api.example.com/items?page=${! this.next_page | 1 }"),
                FieldSpec.string("verb").defaultValue(defaultVerb).description("The HTTP method of the requests.").example("POST", "GET", "DELETE"),
                FieldSpec.stringMap("headers").interpolated().defaultValue(Map.of())
                        .description("Headers to add to each request; values may use interpolations.")
                        .example(Map.of("Content-Type", "application/octet-stream", "traceparent", "${! tracing_span().traceparent }")),
                ConnectorFields.metadataInclude("metadata", "Which message metadata keys to send as request headers.").advanced(),
                FieldSpec.string("dump_request_log_level").defaultValue("").options(LOG_LEVELS.toArray(String[]::new)).advanced()
                        .description("EXPERIMENTAL: log each request and its response, in full, at this level. Empty disables the dump."),
                Auth.oauthField(),
                OAuth2Tokens.field(),
                Auth.basicAuthField(),
                Auth.jwtField(),
                ConnectorFields.tls(),
                ConnectorFields.metadataInclude("extract_headers", forOutput
                        ? "Which response headers to copy into the metadata of propagated responses (only used with `propagate_response`). "
                          + "Header names are lower-cased before they are matched."
                        : "Which response headers to copy into message metadata. Header names are lower-cased before they are matched.").advanced(),
                FieldSpec.string("rate_limit").optional().references(ComponentKind.RATE_LIMIT)
                        .description("The label of a rate limit resource that every request must pass (optional)."),
                FieldSpec.duration("timeout").defaultValue("5s").description("How long to wait for a response to each request."),
                FieldSpec.duration("retry_period").defaultValue("1s").advanced()
                        .description("How long to wait before retrying a failed request. For statuses in `backoff_on` this is the first wait, "
                                + "which doubles with each attempt up to `max_retry_backoff`."),
                FieldSpec.duration("max_retry_backoff").defaultValue("300s").advanced().description("The longest wait between retries."),
                FieldSpec.integer("retries").defaultValue(3).min(0, "retries must not be negative").advanced().description("How many times a failed request is retried."),
                FieldSpec.bool("follow_redirects").defaultValue(true).advanced()
                        .description("Whether to follow 3xx redirects. When false, a 3xx response is the result of the request."),
                FieldSpec.integer("backoff_on").array().defaultValue(List.of(429)).advanced()
                        .description("Statuses that mean \"slow down\": retried with a growing wait."),
                FieldSpec.integer("drop_on").array().defaultValue(List.of()).advanced()
                        .description("Statuses that fail a request at once, without retries. The request is dropped; the message is kept "
                                + "(an output rejects it, the processor flags it)."),
                FieldSpec.integer("successful_on").array().defaultValue(List.of()).advanced()
                        .description("Statuses that count as success besides 2xx (unless listed in `backoff_on` or `drop_on`)."),
                FieldSpec.string("proxy_url").optional().advanced().description("An HTTP proxy to send requests through (optional)."),
                FieldSpec.bool("disable_http2").defaultValue(false).advanced()
                        .description("Use HTTP/1.1 only. Otherwise HTTP/2 is negotiated on https URLs; plain http always uses HTTP/1.1.")));
        f.addAll(List.of(extra));
        return f.toArray(FieldSpec[]::new);
    }

    /**
     * {@code body}: not a field of the dialect's HTTP components, but Tyk Streams' published examples
     * write {@code body: '${! json() }'} on {@code http} and {@code http_client}, so Sluice accepts it.
     */
    static FieldSpec bodyField() {
        return FieldSpec.string("body").interpolated().optional().advanced()
                .description("The request body, rendered against each message, in place of the message itself. Leave it out "
                        + "to send the message as it is (the usual case); set it to build a different body without a "
                        + "`branch`. A Sluice addition, also written in Tyk Streams examples.")
                .example("${! json() }", "{\"id\": \"${! this.id }\"}");
    }

    /** The body a request carries: {@code body} when set, else the messages themselves. */
    static HttpSender.BodySource bodySource(Conf conf) throws ConfigException {
        return conf.isSet("body") ? new HttpSender.Explicit(conf.interpolation("body")) : new HttpSender.FromMessages();
    }

    static HttpClientSettings from(Conf conf, ComponentContext ctx) throws ConfigException {
        Conf urlConf = conf.child("url");
        Interpolation url = urlConf.asInterpolation();
        if (url.isStatic()) parseUrl(url.render(null, 0), urlConf);

        Conf verbConf = conf.child("verb");
        String verb = verbConf.asString();
        if (verb == null || verb.isBlank() || !verb.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw verbConf.invalid("invalid HTTP verb '" + verb + "'");
        }

        Map<String, Interpolation> headers = new LinkedHashMap<>();
        Interpolation host = null;
        for (Map.Entry<String, Conf> e : conf.child("headers").entries().entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
                throw e.getValue().invalid("invalid header name '" + name + "'");
            }
            if (name.equalsIgnoreCase("host")) host = e.getValue().asInterpolation();
            else headers.put(name, e.getValue().asInterpolation());
        }

        String rateLimit = conf.isSet("rate_limit") ? conf.string("rate_limit") : null;
        if (rateLimit != null && rateLimit.isEmpty()) rateLimit = null;
        if (rateLimit != null && !ctx.resources().hasRateLimit(rateLimit)) {
            Conf rl = conf.child("rate_limit");
            throw rl.invalid(ResourceRefs.notFound(ComponentKind.RATE_LIMIT, rateLimit, ctx.resources().labels(ComponentKind.RATE_LIMIT)));
        }

        URI proxy = null;
        if (conf.isSet("proxy_url") && !conf.string("proxy_url").isBlank()) {
            Conf p = conf.child("proxy_url");
            proxy = parseUrl(p.asString(), p);
        }

        int retries = conf.integer("retries");

        return new HttpClientSettings(url, verb, headers, host,
                MetadataFilter.from(conf.child("metadata")),
                MetadataFilter.from(conf.child("extract_headers")),
                conf.string("dump_request_log_level"),
                Auth.signers(conf),
                OAuth2Tokens.from(conf.child("oauth2")),
                Tls.from(conf),
                rateLimit,
                conf.duration("timeout"),
                conf.duration("retry_period"),
                conf.duration("max_retry_backoff"),
                retries,
                conf.bool("follow_redirects"),
                codes(conf, "backoff_on"),
                codes(conf, "drop_on"),
                codes(conf, "successful_on"),
                proxy,
                conf.bool("disable_http2"));
    }

    private static Set<Integer> codes(Conf conf, String field) {
        Set<Integer> out = new LinkedHashSet<>();
        for (Conf c : conf.list(field)) out.add((int) c.asLong());
        return Set.copyOf(out);
    }

    /** Parses an absolute http(s) URL; a bad one is a config error against {@code field}. */
    static URI parseUrl(String text, Conf field) throws ConfigException {
        try {
            return checkUrl(text);
        } catch (IllegalArgumentException e) {
            throw field.invalid(e.getMessage());
        }
    }

    /** Parses an absolute http(s) URL or says what is wrong with it. */
    static URI checkUrl(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("the URL is empty");
        URI u;
        try {
            u = new URI(text.trim());
        } catch (URISyntaxException e) {
            // Be as forgiving as the original: escape characters that are not allowed raw (spaces, quotes,
            // braces, non-ASCII) before giving up.
            try {
                u = new URI(escapeIllegal(text.trim()));
            } catch (URISyntaxException again) {
                throw new IllegalArgumentException("invalid URL '" + text + "': " + e.getReason() + " at index " + e.getIndex());
            }
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("invalid URL '" + text + "': the scheme must be http or https");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new IllegalArgumentException("invalid URL '" + text + "': no host");
        }
        return u;
    }

    private static String escapeIllegal(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean pctOk = c == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
            if (c < 0x21 || c > 0x7e || "\"<>\\^`{|}".indexOf(c) >= 0 || (c == '%' && !pctOk)) {
                sb.append('%').append(String.format("%02X", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    /** The URL without credentials, for logs and errors. */
    static String redact(URI u) {
        if (u.getRawUserInfo() == null) return u.toString();
        try {
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment()).toString();
        } catch (URISyntaxException e) {
            return u.getScheme() + "://" + u.getHost();
        }
    }
}
