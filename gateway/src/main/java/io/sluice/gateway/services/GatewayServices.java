package io.sluice.gateway.services;

import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.limits.LimitKeeper;
import io.sluice.gateway.policy.PolicyRegistry;
import io.sluice.gateway.runtime.BlockingWork;
import io.sluice.gateway.session.KeyHasher;
import io.sluice.gateway.storage.GatewayStorage;
import io.vertx.core.Vertx;

/** The shared, thread-safe parts of a running gateway, handed to steps and handlers when an API is loaded. */
public record GatewayServices(GatewayConfig config, Vertx vertx, GatewayStorage storage, PolicyRegistry policies,
                              SessionLookup sessions, KeyHasher hasher, LimitKeeper limits, BlockingWork blocking) {
}
