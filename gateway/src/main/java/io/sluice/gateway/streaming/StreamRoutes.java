package io.sluice.gateway.streaming;

/**
 * The host that serves stream endpoints. Handed to components through {@code ComponentContext.services()} under
 * {@code StreamRoutes.class}:
 * <ul>
 *   <li>absent (standalone {@code sluice run}): {@code http_server} components open their own server at
 *       {@code address} (see {@code edge.StandaloneServers});</li>
 *   <li>present (a stream API inside the gateway): components refuse {@code address}, TLS and CORS settings, and mount
 *       their endpoints here, below the API's listen path, behind its authentication and limits.</li>
 * </ul>
 * Components mount when the stream starts and unmount when it stops, so a host must accept mounts and unmounts at
 * any time (e.g. a table consulted per request).
 */
public interface StreamRoutes {

    /**
     * Serves the endpoint until the returned handle is closed.
     *
     * @throws IllegalStateException when another endpoint already serves the same path
     */
    Mount mount(StreamEndpoint endpoint);

    /** Stops serving one endpoint. Idempotent. */
    interface Mount extends AutoCloseable {
        @Override
        void close();
    }
}
