package io.sluice.core.spec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpecDocsTest {
    private final ComponentSpec spec = ComponentSpec.processor("sleep")
            .summary("Sleep for a period of time.")
            .fields(FieldSpec.string("duration").interpolated().description("How long to sleep.").example("100ms"),
                    FieldSpec.integer("retries").defaultValue(3).advanced())
            .example("Delay", "Slow everything down.", "pipeline:\n  processors:\n    - sleep: { duration: 1s }\n");

    @Test
    void examplesDoNotReplaceTheComponentSummary() {
        assertThat(spec.summary()).isEqualTo("Sleep for a period of time.");
        assertThat(spec.examples()).singleElement().extracting(ComponentSpec.Example::summary).isEqualTo("Slow everything down.");
    }

    @Test
    void docsAreRenderedFromTheSpec() {
        String md = SpecDocs.markdown(spec);
        assertThat(md).startsWith("# sleep\n")
                .contains("Sleep for a period of time.")
                .contains("    duration: \"100ms\"")          // the common config shows examples for required fields
                .doesNotContain("    retries:")              // advanced fields are left out of the short config
                .contains("### `retries`").contains("Default: `3`")
                .contains("Interpolated: each `${! ... }` in the value is worked out for every message.")
                .contains("## Example: Delay");
    }
}
