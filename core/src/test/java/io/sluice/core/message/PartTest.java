package io.sluice.core.message;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PartTest {

    @Test
    void lazyMetadataIsMadeOnceOnFirstUseAndBehavesLikeEagerMetadata() {
        AtomicInteger fills = new AtomicInteger();
        Part p = Part.withLazyMetadata("x".getBytes(), m -> {
            fills.incrementAndGet();
            m.put("topic", "orders");
            m.put("offset", 7L);
        });
        assertThat(fills).hasValue(0);
        p.bytes();
        p.context();
        assertThat(fills).as("body and context do not need the metadata").hasValue(0);

        assertThat(p.meta("topic")).isEqualTo("orders");
        p.setMeta("extra", "yes");
        p.removeMeta("offset");
        assertThat(p.metadata()).containsExactly(Map.entry("topic", "orders"), Map.entry("extra", "yes"));
        assertThat(fills).hasValue(1);
    }

    @Test
    void copiesCarryLazyMetadataAndShareTheContext() {
        Part p = Part.withLazyMetadata("x".getBytes(), m -> m.put("k", "v"));
        Part copy = p.copy();
        copy.setMeta("k", "changed");
        assertThat(p.metaString("k")).isEqualTo("v");
        assertThat(copy.metaString("k")).isEqualTo("changed");
        assertThat(copy.context()).isSameAs(p.context());
        assertThat(p.copyDetached().context()).isNotSameAs(p.context());
    }

    @Test
    void replacingTheMetadataNeverRunsTheSource() {
        Part p = Part.withLazyMetadata("x".getBytes(), m -> {
            throw new AssertionError("source must not run");
        });
        p.setMetadata(Map.of("a", 1L));
        assertThat(p.metadata()).containsExactly(Map.entry("a", 1L));
        assertThat(p.toString()).contains("meta={a=1}");
    }
}
