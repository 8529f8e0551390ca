package io.sluice.core.connect;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Input;
import io.sluice.core.engine.BatchPolicy;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.tls.TlsSpec;

import java.util.List;

/**
 * The fields most connectors share, declared once: each is one call in a component's spec, and
 * the matching reader turns the config into what the component uses. A connector that needs a
 * different wording for its case passes its own description; name, type, default and checks stay
 * the same everywhere.
 */
public final class ConnectorFields {
    public static final String AUTO_REPLAY_NACKS = "auto_replay_nacks";
    public static final String MAX_IN_FLIGHT = "max_in_flight";

    private ConnectorFields() {
    }

    /** {@code auto_replay_nacks}, on by default: see {@link ReplayingInput} for what it does. */
    public static FieldSpec autoReplayNacks() {
        return autoReplayNacks("Deliver a message the output rejected again, until it is accepted. False: a rejected message is dropped.");
    }

    /** {@code auto_replay_nacks} described for a source that replays in its own way (pushes back, redelivers). */
    public static FieldSpec autoReplayNacks(String description) {
        return FieldSpec.bool(AUTO_REPLAY_NACKS).defaultValue(true).description(description);
    }

    /** The input with the {@code auto_replay_nacks} policy in front of it, as the config asks. */
    public static Input autoReplayNacks(Conf conf, Input source) {
        return new ReplayingInput(source, conf.bool(AUTO_REPLAY_NACKS), ComponentContext.of(conf).log());
    }

    /** {@code max_in_flight} of an output: how many writes may wait for the service at once. */
    public static FieldSpec maxInFlight(int defaultValue, String service) {
        return FieldSpec.integer(MAX_IN_FLIGHT).defaultValue(defaultValue)
                .description("How many writes may wait for " + service + " at once. Raise it for throughput.");
    }

    /**
     * The configured {@code max_in_flight}; values under 1 mean 1, as they always have for these
     * outputs (configs written with 0 keep working).
     */
    public static int maxInFlight(Conf conf) {
        return Math.max(1, conf.integer(MAX_IN_FLIGHT));
    }

    /**
     * An include filter of metadata keys ({@code include_prefixes}, {@code include_patterns}); read
     * it with {@link MetadataFilter#from(Conf)}. Empty lists, the default, match nothing.
     */
    public static FieldSpec metadataInclude(String name, String description) {
        return FieldSpec.object(name,
                        FieldSpec.stringList("include_prefixes").defaultValue(List.of())
                                .description("Keys that start with one of these prefixes match.")
                                .example(List.of("trace_", "tenant"), List.of("kafka_"), List.of("content-")),
                        FieldSpec.stringList("include_patterns").defaultValue(List.of()).regex()
                                .description("Keys that contain a match of one of these regular expressions (RE2 syntax) match.")
                                .example(List.of(".*"), List.of("^x-", "_id$")))
                .description(description);
    }

    /** {@code metadata.exclude_prefixes}: metadata sent along except keys with these prefixes. */
    public static FieldSpec metadataExclude(String description) {
        return FieldSpec.object("metadata",
                FieldSpec.stringList("exclude_prefixes").defaultValue(List.of()).description(description));
    }

    /** The {@code batching} policy of an output (count, byte size, period, check). */
    public static FieldSpec batching() {
        return BatchPolicy.FIELD;
    }

    /** The client {@code tls} block (enabled, certificates, verification). */
    public static FieldSpec tls() {
        return TlsSpec.field();
    }
}
