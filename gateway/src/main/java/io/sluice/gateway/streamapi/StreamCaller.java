package io.sluice.gateway.streamapi;

import io.sluice.gateway.session.Identity;
import io.sluice.gateway.streaming.ConnectionValues;

import java.util.function.Function;

/**
 * What the gateway hands to stream components as the {@code principal} of a {@code StreamRequest}: the identity the
 * chain authenticated (null on a keyless API), which components pass untouched to {@link StreamGuard#onConnect}, and
 * the request's context values for fields decided per connection (an output's {@code consumer_group}).
 */
record StreamCaller(Identity identity, Function<ContextVariables.Ref, String> values) implements ConnectionValues {

    @Override
    public String fill(String text) {
        return ContextVariables.fill(text, values);
    }
}
