package io.sluice.gateway.apidef;

/** Where a credential is read from: a header, a query parameter or a cookie, by name. */
public record CredentialSource(Where where, String name) {

    public enum Where { HEADER, QUERY, COOKIE }

    public static CredentialSource header(String name) {
        return new CredentialSource(Where.HEADER, name);
    }
}
