package io.sluice.core.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * How much JSON or YAML Sluice reads at once, set explicitly at every entry point rather than left
 * to the libraries' defaults, so a hostile document (200,000 nested arrays, a gigabyte string) is
 * refused with a message instead of exhausting the stack or the heap.
 * <ul>
 *   <li>{@link #DOCUMENTS}: what people write: stream configs, API definitions, keys, policies,
 *       gateway settings. Deep enough for any real OpenAPI schema.</li>
 *   <li>{@link #MESSAGES}: message payloads, which are data: deeper and longer, with no overall size
 *       limit (the input that accepted the bytes already bounded them).</li>
 * </ul>
 */
public final class ReadLimits {
    /** Nesting depth of a config or API document. */
    public static final int DOCUMENT_DEPTH = 200;
    /** Nesting depth of a message payload. */
    public static final int MESSAGE_DEPTH = 1_000;

    public static final StreamReadConstraints DOCUMENTS = StreamReadConstraints.builder()
            .maxNestingDepth(DOCUMENT_DEPTH)
            .maxStringLength(8 * 1024 * 1024)
            .maxDocumentLength(32L * 1024 * 1024)
            .maxNumberLength(1_000)
            .build();

    public static final StreamReadConstraints MESSAGES = StreamReadConstraints.builder()
            .maxNestingDepth(MESSAGE_DEPTH)
            .maxStringLength(256 * 1024 * 1024)
            .maxNumberLength(10_000)
            .build();

    private ReadLimits() {
    }

    /** A JSON factory that reads within {@code limits} and keeps the source in error locations. */
    public static JsonFactory json(StreamReadConstraints limits) {
        return JsonFactory.builder()
                .streamReadConstraints(limits)
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }

    /** A YAML factory for documents: Jackson's limits, and SnakeYAML's own (depth, size, aliases). */
    public static YAMLFactory yaml() {
        LoaderOptions yaml = new LoaderOptions();
        yaml.setNestingDepthLimit(DOCUMENT_DEPTH);
        yaml.setCodePointLimit(32 * 1024 * 1024);
        yaml.setMaxAliasesForCollections(100); // no "billion laughs"
        return YAMLFactory.builder().loaderOptions(yaml).streamReadConstraints(DOCUMENTS).build();
    }

    /** True when {@code e} (or its cause) is a document refused for going over a limit. */
    public static boolean isLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException) return true;
            if (t.getClass().getName().equals("org.yaml.snakeyaml.error.YAMLException") && String.valueOf(t.getMessage()).contains("limit")) {
                return true;
            }
        }
        return false;
    }

    /** A parse error as a user reads it: where (when known) and what. */
    public static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String what = e.getOriginalMessage();
        if (at == null || at.getLineNr() < 1) return what;
        return "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + what;
    }
}
