package io.sluice.core.spec;

import java.util.Map;

/**
 * The {@code tests} section of a stream config (or of a {@code *_test.yaml} file beside it): config unit tests that
 * {@code sluice test} runs. Declared once here, so lint checks them and {@code sluice test} reads them through it.
 */
public final class UnitTestSpec {
    private UnitTestSpec() {
    }

    static FieldSpec message(String name) {
        return FieldSpec.objectList(name,
                FieldSpec.string("content").optional().description("The message's raw content."),
                FieldSpec.any("json_content").optional().description("The message's content as a structure, written out as JSON."),
                FieldSpec.string("file_content").optional().description("A file, relative to the test file, whose bytes are the content."),
                FieldSpec.any("metadata").optional().description("Metadata keys and values of the message."));
    }

    public static final FieldSpec TESTS = FieldSpec.objectList("tests",
                    FieldSpec.string("name").description("What the test checks; shown when it fails."),
                    FieldSpec.stringMap("environment").defaultValue(Map.of())
                            .description("Environment variables set while the target config is read (for `${VAR}` in it)."),
                    FieldSpec.string("target_processors").defaultValue("/pipeline/processors")
                            .description("What runs: a JSON Pointer to a processor or a list of them (`/pipeline/processors`), the `label` of "
                                    + "a processor, or either after a file path and `#` (`./orders.yaml#/pipeline/processors`), relative to the test file.")
                            .example("/pipeline/processors", "enrich", "../streams/orders.yaml#/pipeline/processors/0"),
                    FieldSpec.string("target_mapping").defaultValue("")
                            .description("A file holding a Bloblang mapping to test instead of processors, relative to the test file."),
                    FieldSpec.any("mocks").optional()
                            .description("Processors to swap out for the test: keys are labels or JSON Pointers, values processor configs "
                                    + "(usually a `mapping` that fakes what a networked processor would return)."),
                    message("input_batch").optional().description("One batch of messages fed to the target."),
                    FieldSpec.any("input_batches").optional().description("Several batches, fed one after the other (a list of lists of messages)."),
                    FieldSpec.any("output_batches").optional()
                            .description("The batches expected, in order: a list of lists of messages, each a set of conditions: `bloblang`, "
                                    + "`content_equals`, `content_matches`, `metadata_equals`, `json_equals`, `json_contains`, "
                                    + "`file_equals`, `file_json_equals`."))
            .optional().advanced()
            .description("Config unit tests, run by `sluice test`: messages in, processors of this config, conditions on what comes out.");
}
