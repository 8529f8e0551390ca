package io.sluice.gateway.streaming.components;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.config.ConfigException;
import io.sluice.core.spec.Conf;
import io.sluice.gateway.streaming.DeliveryGuard;
import io.sluice.gateway.streaming.StreamEndpoint;
import io.sluice.gateway.streaming.StreamRoutes;
import io.sluice.gateway.streaming.edge.CorsPolicy;
import io.sluice.gateway.streaming.edge.StandaloneServers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where an {@code http_server} component serves its endpoints: the gateway's {@link StreamRoutes} when the host
 * provides one, else a {@link StandaloneServers} server at {@code address}. Built from the component's config, which
 * it checks (fields the gateway owns are refused inside an API); mounts when the stream starts, unmounts when it stops.
 */
final class EndpointHost {
    static final String ADDRESS_REFUSED = "address is not allowed inside an API: the gateway serves stream paths on its own port";

    private final StreamRoutes routes;          // null when standalone
    private final String address;
    private final StandaloneServers.Tls tls;
    private final CorsPolicy cors;
    private final DeliveryGuard guard;
    private final List<StreamEndpoint> endpoints = new ArrayList<>();
    private final List<StreamRoutes.Mount> mounts = new ArrayList<>();

    EndpointHost(Conf conf, ComponentContext ctx) throws ConfigException {
        this.routes = ctx.service(StreamRoutes.class);
        DeliveryGuard g = ctx.service(DeliveryGuard.class);
        this.guard = g == null ? DeliveryGuard.OPEN : g;
        String addr = conf.string("address");
        String cert = conf.string("cert_file");
        String key = conf.string("key_file");
        Conf corsConf = conf.child("cors");
        boolean corsEnabled = corsConf.bool("enabled");
        List<String> origins = corsConf.stringList("allowed_origins");
        if (routes != null) {
            refuse(conf, "address", !addr.isEmpty(), ADDRESS_REFUSED);
            refuse(conf, "cert_file", !cert.isEmpty(), "cert_file is not allowed inside an API: TLS is configured on the gateway's listener");
            refuse(conf, "key_file", !key.isEmpty(), "key_file is not allowed inside an API: TLS is configured on the gateway's listener");
            refuse(conf, "cors", corsEnabled, "cors is not allowed inside an API: use the API's CORS settings");
        } else {
            try {
                StandaloneServers.parseAddress(addr);
            } catch (IllegalArgumentException e) {
                throw conf.invalid("address", e.getMessage());
            }
            if (cert.isEmpty() != key.isEmpty()) {
                String missing = cert.isEmpty() ? "cert_file" : "key_file";
                throw conf.invalid("TLS needs both cert_file and key_file; " + missing + " is empty");
            }
            if (corsEnabled && origins.isEmpty()) {
                throw corsConf.invalid("cors is enabled but allowed_origins is empty: name at least one origin (or \"*\")");
            }
        }
        this.address = addr;
        this.tls = new StandaloneServers.Tls(cert, key);
        this.cors = corsEnabled ? new CorsPolicy(true, origins) : CorsPolicy.DISABLED;
    }

    private static void refuse(Conf conf, String field, boolean set, String message) throws ConfigException {
        if (set) throw conf.invalid(field, message);
    }

    /** Checks endpoint paths: empty disables one, others start with "/" and differ from each other. */
    static List<String> checkPaths(Conf conf, String... fields) throws ConfigException {
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            String p = conf.string(f);
            out.add(p);
            if (p.isEmpty()) continue;
            if (!p.startsWith("/")) throw conf.invalid(f, f + " must start with '/', got '" + p + "'");
            if (!seen.add(p)) throw conf.invalid(f, f + " '" + p + "' is also used by another endpoint of this component");
        }
        return out;
    }

    boolean insideGateway() {
        return routes != null;
    }

    DeliveryGuard guard() {
        return guard;
    }

    CorsPolicy cors() {
        return cors;
    }

    void add(StreamEndpoint endpoint) {
        endpoints.add(endpoint);
    }

    /** Serves every endpoint; idempotent. Blocks while a standalone server binds. */
    synchronized void mount() throws Exception {
        if (!mounts.isEmpty() || endpoints.isEmpty()) return;
        try {
            if (routes != null) {
                for (StreamEndpoint e : endpoints) {
                    mounts.add(routes.mount(e));
                }
            } else {
                mounts.addAll(StandaloneServers.mount(address, tls, endpoints));
            }
        } catch (Exception e) {
            unmount();
            throw e;
        }
    }

    synchronized void unmount() {
        for (StreamRoutes.Mount m : mounts) {
            try {
                m.close();
            } catch (RuntimeException ignored) {
                // keep unmounting the others
            }
        }
        mounts.clear();
    }

    String describe(String path) {
        return (routes != null ? "" : (address.isEmpty() ? StandaloneServers.DEFAULT_ADDRESS : address)) + path;
    }
}
