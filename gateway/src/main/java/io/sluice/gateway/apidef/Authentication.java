package io.sluice.gateway.apidef;

import java.util.List;

/**
 * How clients prove who they are. Disabled means keyless. When several schemes are listed, all must pass
 * (Tyk's default "legacy" processing of the first {@code security} requirement) and {@code baseIdentityProvider}
 * names the one whose key gives the session (the first scheme when unset).
 */
public record Authentication(boolean enabled, boolean stripAuthorizationData, String baseIdentityProvider,
                             List<SecurityScheme> schemes) {

    public static final Authentication KEYLESS = new Authentication(false, false, "", List.of());
}
