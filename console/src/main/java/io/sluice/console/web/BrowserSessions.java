package io.sluice.console.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.console.auth.LoginThrottle;
import io.sluice.console.auth.PasswordHasher;
import io.sluice.console.store.ConsoleStore;
import io.sluice.console.store.User;
import io.sluice.gateway.runtime.BlockingWork;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CSRFHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Logins for one of the browser apps (dashboard or portal), with Vert.x Web's session and CSRF handlers:
 * <ul>
 *   <li>the session cookie is HttpOnly and SameSite=Strict, its id is renewed at login (no session fixation), and a
 *       session ends after {@link #IDLE_TIMEOUT_MILLIS} without requests;</li>
 *   <li>every POST, PUT, PATCH and DELETE under {@code /api/} must echo the CSRF cookie in the {@code X-XSRF-TOKEN}
 *       header (double submit, HMAC-signed and bound to the session), login included; the dashboard and the portal
 *       share a host, so their cookies have names of their own;</li>
 *   <li>logins are rate-limited ({@link LoginThrottle}) before the password is checked, and an unknown account costs as
 *       much time as a wrong password.</li>
 * </ul>
 */
public final class BrowserSessions {

    public static final long IDLE_TIMEOUT_MILLIS = 8L * 3600 * 1000;
    public static final String CSRF_HEADER = "X-XSRF-TOKEN";
    private static final String USER_ID = "user_id";
    private static final String EMAIL = "email";
    private static final String ROLE = "role";

    /** The signed-in user of a request. */
    public record SignedIn(String id, String email, User.Role role) {
    }

    private final String app;
    private final User.Role role;
    private final ConsoleStore store;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final BlockingWork blocking;
    private final SessionHandler sessions;
    private final CSRFHandler csrf;
    private final String dummyHash;

    /**
     * @param app  "dashboard" or "portal": names the cookies
     * @param role who may log in to this app
     */
    public BrowserSessions(Vertx vertx, String app, User.Role role, ConsoleStore store, PasswordHasher hasher,
                           LoginThrottle throttle, BlockingWork blocking) {
        this.app = app;
        this.role = role;
        this.store = store;
        this.hasher = hasher;
        this.throttle = throttle;
        this.blocking = blocking;
        this.sessions = SessionHandler.create(LocalSessionStore.create(vertx, "sluice-" + app + "-sessions"))
                .setSessionCookieName("sluice_" + app + "_session")
                .setCookieHttpOnlyFlag(true)
                .setCookieSameSite(CookieSameSite.STRICT)
                .setSessionTimeout(IDLE_TIMEOUT_MILLIS)
                .setNagHttps(false);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.csrf = CSRFHandler.create(vertx, HexFormat.of().formatHex(secret))
                .setCookieName("sluice_" + app + "_xsrf")
                .setCookiePath("/")
                .setHeaderName(CSRF_HEADER)
                .setTimeout(IDLE_TIMEOUT_MILLIS)
                .setNagHttps(false);
        this.dummyHash = hasher.hash("no such account: " + HexFormat.of().formatHex(secret, 0, 8));
    }

    /**
     * Mounts body parsing, sessions and CSRF checks on {@code /api/*}, then {@code GET /api/session},
     * {@code POST /api/login} and {@code POST /api/logout}. Routes added before this call are outside the session
     * (machine-to-machine endpoints such as the portal's event intake).
     */
    public void install(Router router) {
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(4 * 1024 * 1024));
        router.route("/api/*").handler(sessions);
        router.route("/api/*").handler(csrf);
        router.errorHandler(403, ctx -> JsonReplies.error(ctx, 403,
                "missing or stale CSRF token: reload the page (the " + CSRF_HEADER + " header must echo the sluice_" + app + "_xsrf cookie)"));
        router.get("/api/session").handler(this::describe);
        router.post("/api/login").handler(this::login);
        router.post("/api/logout").handler(this::logout);
    }

    /** A handler that answers 401 unless someone of this app's role is signed in. */
    public Handler<RoutingContext> requireUser() {
        return ctx -> {
            if (signedIn(ctx).isEmpty()) {
                JsonReplies.error(ctx, 401, "log in first");
                return;
            }
            ctx.next();
        };
    }

    public static Optional<SignedIn> signedIn(RoutingContext ctx) {
        Session session = ctx.session();
        if (session == null || session.get(USER_ID) == null) {
            return Optional.empty();
        }
        return Optional.of(new SignedIn(session.get(USER_ID), session.get(EMAIL), User.Role.valueOf(session.get(ROLE))));
    }

    /** Starts a session for {@code user} (after a login or a sign-up): a new session id, then the user in it. */
    public void signIn(RoutingContext ctx, User user) {
        Session session = ctx.session();
        session.regenerateId();
        session.put(USER_ID, user.id());
        session.put(EMAIL, user.email());
        session.put(ROLE, user.role().name());
        JsonReplies.json(ctx, 200, Map.of("user", userJson(user.email(), user.role())));
    }

    private void describe(RoutingContext ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", signedIn(ctx).map(u -> userJson(u.email(), u.role())).orElse(null));
        JsonReplies.json(ctx, 200, body);
    }

    private void login(RoutingContext ctx) {
        ObjectNode body = JsonReplies.body(ctx);
        if (body == null) {
            return;
        }
        String email = JsonReplies.text(body, "email");
        String password = body.path("password").asText("");
        if (email.isEmpty() || password.isEmpty()) {
            JsonReplies.error(ctx, 400, "email and password are required");
            return;
        }
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
        throttle.attempt(email, address).onComplete(verdict -> {
            if (verdict.failed()) {
                JsonReplies.error(ctx, 503, "cannot check the login rate limit: " + verdict.cause().getMessage());
                return;
            }
            if (!verdict.result().allowed()) {
                ctx.response().putHeader("Retry-After", Long.toString(verdict.result().retryAfterSeconds()));
                JsonReplies.error(ctx, 429, "too many login attempts; try again in " + verdict.result().retryAfterSeconds() + " s");
                return;
            }
            blocking.submit(() -> check(email, password)).onComplete(checked -> {
                if (checked.failed()) {
                    JsonReplies.error(ctx, 500, "cannot check the login: " + checked.cause().getMessage());
                } else if (checked.result().isEmpty()) {
                    JsonReplies.error(ctx, 401, "wrong email or password");
                } else {
                    throttle.succeeded(email, address).onComplete(reset -> signIn(ctx, checked.result().get()));
                }
            });
        });
    }

    private Optional<User> check(String email, String password) {
        Optional<User> user = store.userByEmail(email);
        if (user.isEmpty()) {
            hasher.verify(password, dummyHash); // as slow as a real check: no account enumeration by timing
            return Optional.empty();
        }
        if (!hasher.verify(password, user.get().passwordHash()) || user.get().role() != role) {
            return Optional.empty();
        }
        return user;
    }

    private void logout(RoutingContext ctx) {
        if (ctx.session() != null) {
            ctx.session().destroy();
        }
        JsonReplies.json(ctx, 200, Map.of("status", "ok"));
    }

    private static Map<String, Object> userJson(String email, User.Role role) {
        return Map.of("email", email, "role", role.name().toLowerCase(Locale.ROOT));
    }
}
