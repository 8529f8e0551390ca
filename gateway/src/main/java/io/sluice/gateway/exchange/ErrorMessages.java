package io.sluice.gateway.exchange;

/** The messages Tyk answers with, so clients written against Tyk recognise them. */
public final class ErrorMessages {
    public static final String AUTH_FIELD_MISSING = "Authorization field missing";
    public static final String ACCESS_DISALLOWED = "Access to this API has been disallowed";
    public static final String RESOURCE_DISALLOWED = "Access to this resource has been disallowed";
    public static final String KEY_EXPIRED = "Key has expired, please renew";
    public static final String KEY_INACTIVE = "Key is inactive, please renew";
    public static final String RATE_LIMITED = "Rate limit exceeded";
    public static final String API_RATE_LIMITED = "API Rate Limit Exceeded";
    public static final String QUOTA_EXCEEDED = "Quota exceeded";
    public static final String ENDPOINT_FORBIDDEN = "Requested endpoint is forbidden";
    public static final String REQUEST_TOO_LARGE = "Request is too large";
    public static final String UPSTREAM_FAILED = "There was a problem proxying the request";
    public static final String UPSTREAM_TIMEOUT = "Upstream service reached hard timeout.";
    public static final String NOT_FOUND = "Not Found";
    public static final String CERTIFICATE_REQUIRED = "Client certificate required";
    public static final String CERTIFICATE_EXPIRED = "Certificate has expired";

    private ErrorMessages() {
    }
}
