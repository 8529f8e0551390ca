package io.sluice.core.observe;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.statsd.StatsdConfig;
import io.micrometer.statsd.StatsdFlavor;
import io.micrometer.statsd.StatsdMeterRegistry;
import io.micrometer.statsd.StatsdProtocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pushes the process registry to a StatsD agent over UDP (Micrometer's StatsD registry, attached to the process
 * registry). Tag formats: {@code datadog} ({@code name:1|c|#k:v}), {@code influxdb} ({@code name,k=v:1|c}) and
 * {@code none} (labels folded into the dotted name, as plain StatsD has no tags).
 */
public final class StatsdExporter {

    private StatsdExporter() {
    }

    /** Starts exporting; {@link ProcessMetrics#detach} and {@code close()} the result to stop. */
    public static MeterRegistry start(String address, String tagFormat, Duration flushPeriod, Map<String, String> tags) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("statsd address must be host:port, got '" + address + "'");
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        StatsdFlavor flavor = switch (tagFormat == null ? "none" : tagFormat.toLowerCase(Locale.ROOT)) {
            case "datadog" -> StatsdFlavor.DATADOG;
            case "influxdb" -> StatsdFlavor.TELEGRAF;
            case "none", "" -> StatsdFlavor.ETSY;
            default -> throw new IllegalArgumentException("statsd tag_format must be none, datadog or influxdb, got '" + tagFormat + "'");
        };
        StatsdConfig config = new StatsdConfig() {
            @Override public String get(String key) { return null; }
            @Override public StatsdFlavor flavor() { return flavor; }
            @Override public String host() { return host; }
            @Override public int port() { return port; }
            @Override public StatsdProtocol protocol() { return StatsdProtocol.UDP; }
            // Lines wait at most this long in the buffer before a packet is sent; gauges are read this often.
            @Override public Duration pollingFrequency() { return flushPeriod; }
            @Override public Duration step() { return flushPeriod; }
            @Override public boolean buffered() { return true; }
        };
        StatsdMeterRegistry registry = new StatsdMeterRegistry(config, Clock.SYSTEM);
        List<Tag> common = new ArrayList<>();
        tags.forEach((k, v) -> common.add(Tag.of(k, v)));
        if (!common.isEmpty()) registry.config().commonTags(common);
        ProcessMetrics.attach(registry);
        return registry;
    }
}
