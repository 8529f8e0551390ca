package io.sluice.core.registry;

import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentLookup;
import io.sluice.core.spec.ComponentSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ComponentRegistryTest {

    @Test
    void loadsTheCoresOwnComponentsThroughItsServiceFile() {
        // The registry names no provider itself: without core's META-INF/services entry these would be missing.
        ComponentRegistry r = ComponentRegistry.load();
        assertThat(r.names(ComponentKind.BUFFER)).contains("none", "memory");
        assertThat(r.names(ComponentKind.METRICS)).contains("none", "prometheus", "statsd");
        assertThat(r.names(ComponentKind.TRACER)).contains("none", "open_telemetry_collector");
    }

    @Test
    void looksSpecsUpByKindAndName() {
        ComponentLookup lookup = ComponentRegistry.load();
        assertThat(lookup.spec(ComponentKind.BUFFER, "memory")).get().extracting(ComponentSpec::name).isEqualTo("memory");
        assertThat(lookup.spec(ComponentKind.INPUT, "memory")).isEmpty();
    }
}
