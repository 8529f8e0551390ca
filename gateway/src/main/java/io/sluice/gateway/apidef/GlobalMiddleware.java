package io.sluice.gateway.apidef;

/**
 * API-wide middleware ({@code x-tyk-api-gateway.middleware.global}).
 *
 * @param requestSizeLimit largest request body in bytes; 0 = no limit
 */
public record GlobalMiddleware(Cors cors, long requestSizeLimit, HeaderTransform requestHeaders, HeaderTransform responseHeaders) {

    public static final GlobalMiddleware NONE = new GlobalMiddleware(Cors.DISABLED, 0, HeaderTransform.NONE, HeaderTransform.NONE);
}
