package io.sluice.bench.nats;

import io.sluice.core.component.Cache;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.component.Processor;
import io.sluice.core.component.RateLimit;
import io.sluice.core.component.Resources;
import io.sluice.core.component.StreamMetrics;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.Conf;

import java.util.Map;

/** A bare component context for driving one component outside a stream. */
final class BenchContext implements ComponentContext {
    private final ComponentRegistry registry;
    private final ComponentLog log = new ComponentLog("sluice.bench", "bench", "", "input");
    private final StreamMetrics metrics = new StreamMetrics();

    BenchContext(ComponentRegistry registry) {
        this.registry = registry;
    }

    @Override public String streamName() { return "bench"; }
    @Override public String label() { return ""; }
    @Override public String path() { return "input"; }
    @Override public ComponentLog log() { return log; }
    @Override public ComponentRegistry registry() { return registry; }
    @Override public ExpressionLanguage expressions() { return ExpressionLanguage.get(); }
    @Override public StreamMetrics metrics() { return metrics; }
    @Override public Object build(ComponentKind kind, Conf componentConf) { throw new UnsupportedOperationException(); }
    @Override public Map<Class<?>, Object> services() { return Map.of(); }

    @Override
    public Resources resources() {
        return new Resources() {
            @Override public Cache cache(String label) throws ResourceNotFoundException { throw new ResourceNotFoundException("cache", label); }
            @Override public RateLimit rateLimit(String label) throws ResourceNotFoundException { throw new ResourceNotFoundException("rate_limit", label); }
            @Override public Processor processor(String label) throws ResourceNotFoundException { throw new ResourceNotFoundException("processor", label); }
            @Override public Input input(String label) throws ResourceNotFoundException { throw new ResourceNotFoundException("input", label); }
            @Override public Output output(String label) throws ResourceNotFoundException { throw new ResourceNotFoundException("output", label); }
            @Override public boolean hasCache(String label) { return false; }
            @Override public boolean hasRateLimit(String label) { return false; }
        };
    }
}
