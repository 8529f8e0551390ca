package io.sluice.gateway.apidef;

import java.util.List;

/**
 * One authentication method of an API, from the OAS {@code components.securitySchemes} entry named in
 * {@code security} and its settings under {@code x-tyk-api-gateway.server.authentication.securitySchemes}.
 */
public sealed interface SecurityScheme {

    String name();

    List<CredentialSource> sources();

    /** Tyk's auth token: an opaque key looked up in the key store. */
    record AuthToken(String name, List<CredentialSource> sources) implements SecurityScheme {
    }

    /**
     * The client certificate is the credential (Tyk's certificate auth, formerly "dynamic mTLS": {@code certificateAuth},
     * or an auth token with {@code enableClientCertificate}): the key is the one made for that certificate.
     */
    record CertificateAuth(String name) implements SecurityScheme {
        @Override
        public List<CredentialSource> sources() {
            return List.of();
        }
    }

    /** HTTP basic: the user name is the key id, the password is checked against the key's bcrypt hash. */
    record Basic(String name, List<CredentialSource> sources, boolean disableCaching, int cacheTtlSeconds) implements SecurityScheme {
    }

    /**
     * JWT signed by a shared secret or a public key ({@code source}: base64 secret, PEM key, or a JWKS URL).
     * The identity claim picks the session; {@code policyFieldName} or {@code defaultPolicies} give its policies.
     */
    record Jwt(String name, List<CredentialSource> sources, String source, String signingMethod, String identityBaseField,
               String policyFieldName, List<String> defaultPolicies, long issuedAtSkew, long notBeforeSkew,
               long expiresAtSkew) implements SecurityScheme {
    }

    /** HMAC request signing (draft-cavage HTTP signatures) with the key's {@code hmac_string} as secret. */
    record Hmac(String name, List<CredentialSource> sources, List<String> allowedAlgorithms, double allowedClockSkewMillis)
            implements SecurityScheme {
    }

    /** OAuth 2.0 access tokens issued elsewhere: validated as JWT-bearer or by token introspection (RFC 7662). */
    record ExternalOAuth(String name, List<CredentialSource> sources, List<OAuthProvider> providers) implements SecurityScheme {
    }

    record OAuthProvider(JwtValidation jwt, Introspection introspection) {
    }

    record JwtValidation(String signingMethod, String source, String identityBaseField, long issuedAtSkew,
                         long notBeforeSkew, long expiresAtSkew) {
    }

    record Introspection(String url, String clientId, String clientSecret, String identityBaseField,
                         boolean cacheEnabled, long cacheTimeoutSeconds) {
    }
}
