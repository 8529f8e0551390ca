package io.sluice.gateway;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Something that runs in the gateway's process beside it, such as the dashboard and the developer portal. Companions
 * are found with {@link ServiceLoader} ({@code META-INF/services/io.sluice.gateway.GatewayCompanion}), so the gateway
 * module never depends on them: a jar without them is a plain gateway. They start after the gateway and stop after it,
 * since the gateway's streams may hand them messages while they drain (a companion running on the gateway's event loops
 * must therefore expect them to be closed already).
 */
public interface GatewayCompanion {

    /**
     * Starts beside a running gateway when its part of the configuration enables it.
     *
     * @param out where to tell the user what started (addresses, a generated login)
     * @return what stops it, or null when its configuration turns it off
     */
    AutoCloseable start(Gateway gateway, PrintStream out) throws Exception;

    /** Starts every companion on the class path; when one fails, those already started are stopped and it is rethrown. */
    static List<AutoCloseable> startAll(Gateway gateway, PrintStream out) {
        List<AutoCloseable> started = new ArrayList<>();
        for (GatewayCompanion companion : ServiceLoader.load(GatewayCompanion.class)) {
            try {
                AutoCloseable running = companion.start(gateway, out);
                if (running != null) {
                    started.add(running);
                }
            } catch (Exception e) {
                stopAll(started);
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return started;
    }

    /** Stops in reverse start order; a failure to stop one does not keep the others running. */
    static void stopAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception ignored) {
                // shutting down: nothing more useful to do with it
            }
        }
    }
}
