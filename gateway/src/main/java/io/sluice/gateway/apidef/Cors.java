package io.sluice.gateway.apidef;

import java.util.List;

/** Cross-origin settings ({@code middleware.global.cors}). */
public record Cors(boolean enabled, List<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders,
                   List<String> exposedHeaders, boolean allowCredentials, int maxAge, boolean optionsPassthrough) {

    public static final Cors DISABLED = new Cors(false, List.of(), List.of(), List.of(), List.of(), false, 0, false);
}
