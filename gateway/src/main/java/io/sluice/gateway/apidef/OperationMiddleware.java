package io.sluice.gateway.apidef;

/**
 * Middleware of one OAS operation ({@code x-tyk-api-gateway.middleware.operations.<operationId>}).
 *
 * @param mock      null when the operation is proxied
 * @param rateLimit null when the operation has no rate limit of its own
 */
public record OperationMiddleware(boolean allow, boolean block, boolean ignoreAuthentication, MockResponse mock,
                                  HeaderTransform requestHeaders, HeaderTransform responseHeaders, RateSpec rateLimit) {

    public static final OperationMiddleware NONE =
            new OperationMiddleware(false, false, false, null, HeaderTransform.NONE, HeaderTransform.NONE, null);
}
