package io.sluice.gateway.streamapi;

import io.sluice.gateway.session.Identity;

/**
 * What the gateway hands to stream components as the {@code principal} of a {@code StreamRequest}: the identity the
 * chain authenticated (null on a keyless API). Components pass it untouched to {@link StreamGuard#onConnect}.
 */
record StreamCaller(Identity identity) {
}
