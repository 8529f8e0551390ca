package io.sluice.components.processors;

import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.observe.MetricNameMapping;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code metrics.mapping} with the real Bloblang: rename, relabel, drop, leave alone. */
class MetricsMappingTest {

    private static MetricNameMapping mapping(String source) throws Exception {
        return new MetricNameMapping(ExpressionLanguage.get().parseMapping(source));
    }

    @Test
    void renamesRelabelsDropsAndLeavesAlone() throws Exception {
        MetricNameMapping m = mapping("""
                root = if this.has_prefix("output_") { deleted() } else { "shop_" + this }
                meta team = "payments"
                meta path = deleted()
                """);
        MetricNameMapping.Renamed r = m.apply("input_received", Map.of("path", "root.input", "stream", "orders"));
        assertThat(r.name()).isEqualTo("shop_input_received");
        assertThat(r.labels()).containsEntry("team", "payments").containsEntry("stream", "orders").doesNotContainKey("path");
        assertThat(m.apply("output_sent", Map.of("stream", "orders"))).isNull();

        MetricNameMapping.Renamed same = mapping("meta extra = \"1\"").apply("input_received", Map.of("stream", "s"));
        assertThat(same.name()).isEqualTo("input_received");
        assertThat(same.labels()).containsEntry("extra", "1").containsEntry("stream", "s");
    }
}
