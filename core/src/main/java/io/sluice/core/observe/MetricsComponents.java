package io.sluice.core.observe;

import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.List;
import java.util.Map;

/**
 * The {@code metrics} choices of a stream config, one spec each, so that lint checks every field. What they do is in
 * {@link MetricsExporters}: in {@code sluice run} the config's choice configures the process's exporters; inside the
 * gateway the gateway's own settings do, and a stream's section contributes only its {@code mapping}.
 */
public final class MetricsComponents {

    private MetricsComponents() {
    }

    /** What a {@code metrics} section was built into: its type and its checked config. */
    public record Settings(String type, Conf conf) {
    }

    private static final String WHERE = " In `sluice run` they are served on the `http.address` of the config; inside the gateway, "
            + "on the gateway's `/metrics`.";

    public static final ComponentSpec NONE = ComponentSpec.of("none", ComponentKind.METRICS)
            .summary("No metrics: nothing is counted for the stream and nothing is served.")
            .description("The stream runs without its per-component counters and timers, which saves their small cost per batch.")
            .fields()
            .example("Metrics off", "A stream whose throughput matters more than its counters.", """
                    input:
                      generate:
                        mapping: 'root = "tick"'
                    output:
                      drop: {}
                    metrics:
                      none: {}
                    """);

    public static final ComponentSpec PROMETHEUS = ComponentSpec.of("prometheus", ComponentKind.METRICS)
            .summary("Serves every metric in the Prometheus text format at `/metrics` (and `/stats`); the default.")
            .description("Counters carry a `_total` suffix and timers are in seconds, as Prometheus names them." + WHERE
                    + " Optionally the same text is pushed to a Pushgateway on an interval, or written to a file when the process ends.")
            .fields(FieldSpec.bool("use_histogram_timing").defaultValue(false)
                            .description("Publish the `metric` processor's timings as histograms with buckets (for `histogram_quantile`) "
                                    + "instead of count and sum. The engine's own latencies are always count and sum, which cost less per message."),
                    FieldSpec.number("histogram_buckets").array().defaultValue(List.of()).advanced()
                            .description("Accepted for compatibility: bucket bounds are chosen by the metrics library when `use_histogram_timing` is on."),
                    FieldSpec.objectList("summary_quantiles_objectives",
                                    FieldSpec.number("quantile").description("A quantile between 0 and 1."),
                                    FieldSpec.number("error").description("The error allowed for it."))
                            .defaultValue(List.of(Map.of("quantile", 0.5, "error", 0.05), Map.of("quantile", 0.9, "error", 0.01),
                                    Map.of("quantile", 0.99, "error", 0.001))).advanced()
                            .description("Accepted for compatibility: summaries give count, sum and max."),
                    FieldSpec.bool("add_process_metrics").defaultValue(false)
                            .description("Add the JVM's memory, garbage collection, thread and CPU metrics."),
                    FieldSpec.bool("add_go_metrics").defaultValue(false).advanced()
                            .description("Accepted for compatibility; Sluice runs on the JVM, see `add_process_metrics`."),
                    FieldSpec.string("push_url").optional()
                            .description("A Prometheus Pushgateway to push to as well, e.g. `http://pushgateway:9091`."),
                    FieldSpec.duration("push_interval").optional()
                            .description("How often to push when `push_url` is set; default 10s."),
                    FieldSpec.string("push_job_name").defaultValue("sluice_push").description("The job name pushed under."),
                    FieldSpec.object("push_basic_auth",
                                    FieldSpec.string("username").defaultValue("").description("User for the Pushgateway."),
                                    FieldSpec.string("password").defaultValue("").description("Password for the Pushgateway."))
                            .optional().advanced().description("Basic authentication towards the Pushgateway."),
                    FieldSpec.string("file_output_path").defaultValue("")
                            .description("Write the final metrics to this file when the process ends (empty: no file)."))
            .example("Scraped by Prometheus", "The default, written out: timers as histograms so that dashboards can chart quantiles.", """
                    input:
                      generate:
                        interval: 1s
                        mapping: 'root = {"n": count("ticks")}'
                    output:
                      drop: {}
                    http:
                      address: 0.0.0.0:4195
                    metrics:
                      prometheus:
                        use_histogram_timing: true
                    """);

    public static final ComponentSpec STATSD = ComponentSpec.of("statsd", ComponentKind.METRICS)
            .summary("Pushes every metric over UDP in the StatsD line protocol, with labels as DogStatsD or InfluxDB tags.")
            .description("Counters are sent as counts (`|c`), gauges as `|g` and timers as `|ms`. `datadog` appends the labels as "
                    + "`|#k:v`, `influxdb` writes them as `,k=v` after the name, and `none` (plain StatsD has no tags) folds them "
                    + "into the dotted name.")
            .fields(FieldSpec.string("address").description("The `host:port` of the StatsD agent.").example("localhost:8125"),
                    FieldSpec.duration("flush_period").defaultValue("100ms")
                            .description("How long lines are gathered into one packet before it is sent."),
                    FieldSpec.string("tag_format").defaultValue("none").options("none", "datadog", "influxdb")
                            .description("How labels are written on each line."),
                    FieldSpec.stringMap("tags").defaultValue(Map.of()).description("Labels added to every metric.")
                            .example(Map.of("host", "edge-1")))
            .example("To a Datadog agent", "Metrics with DogStatsD tags to the agent on the same host.", """
                    input:
                      generate:
                        mapping: 'root = "tick"'
                    output:
                      drop: {}
                    metrics:
                      statsd:
                        address: localhost:8125
                        tag_format: datadog
                        tags:
                          service: billing-events
                    """);

    public static final ComponentSpec LOGGER = ComponentSpec.of("logger", ComponentKind.METRICS)
            .summary("Writes every metric to the log at INFO, on an interval and when the stream ends.")
            .description("Handy where nothing scrapes the process: a batch job's counts end up next to its log lines.")
            .fields(FieldSpec.duration("push_interval").optional()
                            .description("How often to write the metrics; unset: only when the process ends."),
                    FieldSpec.bool("flush_metrics").defaultValue(false)
                            .description("Accepted for compatibility: counters are written as totals since start."))
            .example("Counts in the log", "A minute's summary of the stream in its own log.", """
                    input:
                      generate:
                        mapping: 'root = "tick"'
                    output:
                      drop: {}
                    metrics:
                      logger:
                        push_interval: 1m
                    """);

    public static final ComponentSpec JSON_API = ComponentSpec.of("json_api", ComponentKind.METRICS)
            .summary("Serves every metric as one JSON object at `/metrics` and `/stats`.")
            .description("Keys are the metric names with their labels, values their current counts." + WHERE)
            .fields()
            .example("Metrics as JSON", "For a script that reads counts with curl and jq.", """
                    input:
                      generate:
                        mapping: 'root = "tick"'
                    output:
                      drop: {}
                    metrics:
                      json_api: {}
                    """);

    public static final ComponentSpec OPEN_TELEMETRY = ComponentSpec.of("open_telemetry_collector", ComponentKind.METRICS)
            .summary("Sends every metric to OpenTelemetry collectors over OTLP, every 10 seconds and once more at the end.")
            .description("Each collector in `http` receives protobuf at `/v1/metrics`; each in `grpc` receives the same data as "
                    + "calls to the collector's metrics service (HTTP/2, cleartext unless `secure`). Counters are cumulative.")
            .fields(FieldSpec.string("service").defaultValue("sluice").description("The `service.name` resource attribute."),
                    OtlpCollectors.http(),
                    OtlpCollectors.grpc(),
                    FieldSpec.stringMap("tags").defaultValue(Map.of()).description("Resource attributes added to every metric."))
            .example("To a local collector", "OTLP over HTTP to a collector beside the process.", """
                    input:
                      generate:
                        mapping: 'root = "tick"'
                    output:
                      drop: {}
                    metrics:
                      open_telemetry_collector:
                        http:
                          - address: localhost:4318
                    """);

    public static final List<ComponentSpec> ALL = List.of(NONE, PROMETHEUS, STATSD, LOGGER, JSON_API, OPEN_TELEMETRY);

    public static void register(ComponentRegistry r) {
        for (ComponentSpec spec : ALL) r.register(spec, (conf, ctx) -> new Settings(spec.name(), conf));
    }
}
