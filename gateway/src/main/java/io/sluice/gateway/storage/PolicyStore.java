package io.sluice.gateway.storage;

import io.sluice.gateway.policy.Policy;
import io.vertx.core.Future;

import java.util.Map;

/** Policies by id. The gateway reads them all at start and on reload, so lookups during requests stay in memory. */
public interface PolicyStore {

    Future<Map<String, Policy>> loadAll();

    Future<Void> save(Policy policy);

    Future<Boolean> delete(String id);
}
