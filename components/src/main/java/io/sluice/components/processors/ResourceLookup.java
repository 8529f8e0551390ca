package io.sluice.components.processors;

import io.sluice.core.component.Cache;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.RateLimit;
import io.sluice.core.component.Resources.ResourceNotFoundException;
import io.sluice.core.config.ConfigException;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.ResourceRefs;

/** Looks up the resources a processor names in its config, failing the build with the field's position when absent. */
final class ResourceLookup {
    private ResourceLookup() {
    }

    static Cache cache(Conf conf, String field, ComponentContext ctx) throws ConfigException {
        String label = conf.string(field);
        if (!ctx.resources().hasCache(label)) {
            throw conf.invalid(field, ResourceRefs.notFound(ComponentKind.CACHE, label, ctx.resources().labels(ComponentKind.CACHE)));
        }
        try {
            return ctx.resources().cache(label);
        } catch (ResourceNotFoundException e) {
            throw conf.invalid(field, e.getMessage());
        }
    }

    static RateLimit rateLimit(Conf conf, String field, ComponentContext ctx) throws ConfigException {
        String label = conf.string(field);
        if (!ctx.resources().hasRateLimit(label)) {
            throw conf.invalid(field, ResourceRefs.notFound(ComponentKind.RATE_LIMIT, label, ctx.resources().labels(ComponentKind.RATE_LIMIT)));
        }
        try {
            return ctx.resources().rateLimit(label);
        } catch (ResourceNotFoundException e) {
            throw conf.invalid(field, e.getMessage());
        }
    }
}
