package io.sluice.components.processors;

import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessorComponentsTest {
    private static final List<String> ISSUE_2 = List.of("noop", "log", "sleep", "bounds_check", "insert_part", "select_parts",
            "split", "catch", "try", "switch", "while", "for_each", "parallel", "branch", "workflow", "group_by",
            "group_by_value", "dedupe", "cache", "cached", "rate_limit");

    @Test
    void everyProcessorIsFoundThroughTheServiceLoader() {
        assertThat(ComponentRegistry.global().names(ComponentKind.PROCESSOR)).containsAll(ISSUE_2);
    }

    @Test
    void everySpecIsDocumented() {
        ComponentRegistry r = new ComponentRegistry();
        new ProcessorComponents().register(r);
        for (ComponentSpec spec : r.specs(ComponentKind.PROCESSOR)) {
            assertThat(spec.summary()).as(spec.name() + " summary").isNotBlank();
            assertThat(spec.categories()).as(spec.name() + " categories").isNotEmpty();
            for (FieldSpec f : spec.config().children()) {
                assertThat(f.description()).as(spec.name() + "." + f.name() + " description").isNotBlank();
            }
        }
    }
}
