package io.sluice.gateway.auth;

import io.sluice.gateway.apidef.CredentialSource;
import io.sluice.gateway.exchange.Exchange;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Finds a credential in the configured header, query parameter or cookie, and removes it before proxying. */
public final class CredentialReader {

    private CredentialReader() {
    }

    /** The first non-empty value among the sources, or null. */
    public static String read(HttpServerRequest request, List<CredentialSource> sources) {
        for (CredentialSource source : sources) {
            String value = switch (source.where()) {
                case HEADER -> request.getHeader(source.name());
                case QUERY -> request.getParam(source.name());
                case COOKIE -> {
                    Cookie cookie = request.getCookie(source.name());
                    yield cookie == null ? null : cookie.getValue();
                }
            };
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** Tyk accepts "Bearer <token>" as well as the bare token. */
    public static String stripBearer(String value) {
        if (value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return value.substring(7).trim();
        }
        return value;
    }

    /** For {@code stripAuthorizationData}: the upstream never sees the credential. */
    public static void strip(Exchange exchange, List<CredentialSource> sources) {
        for (CredentialSource source : sources) {
            switch (source.where()) {
                case HEADER -> exchange.upstreamHeaders().remove(source.name());
                case QUERY -> exchange.removedQueryParameters().add(source.name());
                case COOKIE -> removeCookie(exchange, source.name());
            }
        }
    }

    private static void removeCookie(Exchange exchange, String name) {
        List<String> kept = new ArrayList<>();
        for (String header : exchange.upstreamHeaders().getAll("Cookie")) {
            for (String pair : header.split(";")) {
                String trimmed = pair.trim();
                if (!trimmed.isEmpty() && !trimmed.startsWith(name + "=")) {
                    kept.add(trimmed);
                }
            }
        }
        exchange.upstreamHeaders().remove("Cookie");
        if (!kept.isEmpty()) {
            exchange.upstreamHeaders().set("Cookie", String.join("; ", kept));
        }
    }
}
