package io.sluice.gateway.session;

/**
 * Who a request or message belongs to, once authenticated.
 *
 * @param keyHash the id the session is stored (and its counters kept) under
 * @param session the effective session: the stored one with its policies applied
 */
public record Identity(String keyHash, Session session) {
}
