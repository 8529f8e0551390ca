package io.sluice.console.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link ConsoleStore} over JDBC (Jdbi), with SQL that PostgreSQL and H2 in PostgreSQL mode both run: no
 * vendor-specific upserts or locking clauses. Claims are a conditional update, which every database does atomically.
 */
public final class JdbcConsoleStore implements ConsoleStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNIQUE_VIOLATION = "23505";

    private static final RowMapper<User> USER = (rs, ctx) -> new User(rs.getString("id"), rs.getString("email"),
            rs.getString("password_hash"), User.Role.fromStored(rs.getString("role")), rs.getLong("created_at"));
    private static final RowMapper<Product> PRODUCT = (rs, ctx) -> new Product(rs.getString("id"), rs.getString("name"),
            rs.getString("description"), rs.getString("api_id"), rs.getString("policy_id"), rs.getBoolean("published"),
            rs.getBoolean("webhooks_enabled"), list(rs.getString("events")), rs.getString("example_message"), rs.getLong("created_at"));
    private static final RowMapper<App> APP = (rs, ctx) -> new App(rs.getString("id"), rs.getString("owner_id"),
            rs.getString("name"), rs.getLong("created_at"));
    private static final RowMapper<AppKey> APP_KEY = (rs, ctx) -> new AppKey(rs.getString("id"), rs.getString("app_id"),
            rs.getString("product_id"), rs.getString("key_hash"), rs.getLong("created_at"));
    private static final RowMapper<WebhookSubscription> SUBSCRIPTION = (rs, ctx) -> new WebhookSubscription(rs.getString("id"),
            rs.getString("app_id"), rs.getString("url"), rs.getString("secret"), list(rs.getString("events")),
            rs.getBoolean("active"), rs.getLong("created_at"));
    private static final RowMapper<Delivery> DELIVERY = (rs, ctx) -> new Delivery(rs.getString("id"),
            rs.getString("subscription_id"), rs.getString("event_id"), rs.getString("event_type"),
            Delivery.Status.fromStored(rs.getString("status")), rs.getInt("attempts"), rs.getLong("next_attempt_at"),
            rs.getString("last_error"), rs.getLong("created_at"), rs.getLong("updated_at"));
    private static final RowMapper<Attempt> ATTEMPT = (rs, ctx) -> new Attempt(rs.getString("delivery_id"),
            rs.getInt("attempt"), rs.getLong("attempted_at"), rs.getInt("status_code"), rs.getString("error"), rs.getLong("duration_ms"));

    private static final String DELIVERY_COLUMNS = "d.id, d.subscription_id, d.event_id, e.event_type, d.status, d.attempts, "
            + "d.next_attempt_at, d.last_error, d.created_at, d.updated_at";

    private final Jdbi jdbi;
    private final AutoCloseable onClose;

    /** @param onClose closes the data source (a pool) when the store closes */
    public JdbcConsoleStore(DataSource dataSource, AutoCloseable onClose) {
        this.jdbi = Jdbi.create(dataSource);
        this.onClose = onClose;
    }

    // ---- settings ----

    @Override
    public String settingOrPut(String name, String value) {
        return jdbi.inTransaction(h -> {
            Optional<String> existing = h.createQuery("SELECT setting_value FROM console_settings WHERE setting_name = :name")
                    .bind("name", name).mapTo(String.class).findOne();
            if (existing.isPresent()) {
                return existing.get();
            }
            try {
                h.createUpdate("INSERT INTO console_settings (setting_name, setting_value) VALUES (:name, :value)")
                        .bind("name", name).bind("value", value).execute();
                return value;
            } catch (UnableToExecuteStatementException e) {
                if (!isUniqueViolation(e)) {
                    throw e;
                }
                // another node stored it first: theirs wins
                return h.createQuery("SELECT setting_value FROM console_settings WHERE setting_name = :name")
                        .bind("name", name).mapTo(String.class).one();
            }
        });
    }

    // ---- users ----

    @Override
    public User createUser(String email, String passwordHash, User.Role role) {
        long now = System.currentTimeMillis();
        User user = new User(TimeSortedIds.next("usr", now), normalized(email), passwordHash, role, now);
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO users (id, email, password_hash, role, created_at) "
                            + "VALUES (:id, :email, :hash, :role, :created)")
                    .bind("id", user.id()).bind("email", user.email()).bind("hash", passwordHash)
                    .bind("role", role.stored()).bind("created", now).execute());
        } catch (UnableToExecuteStatementException e) {
            if (isUniqueViolation(e)) {
                throw new DuplicateException("an account with this email exists already");
            }
            throw e;
        }
        return user;
    }

    @Override
    public Optional<User> userByEmail(String email) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM users WHERE email = :email")
                .bind("email", normalized(email)).map(USER).findOne());
    }

    @Override
    public void updatePassword(String userId, String passwordHash) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET password_hash = :hash WHERE id = :id")
                .bind("hash", passwordHash).bind("id", userId).execute());
    }

    private static String normalized(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    // ---- catalogue ----

    @Override
    public Product saveProduct(Product product) {
        return jdbi.inTransaction(h -> {
            boolean exists = product.id() != null && !product.id().isEmpty()
                    && h.createQuery("SELECT COUNT(*) FROM products WHERE id = :id").bind("id", product.id()).mapTo(Integer.class).one() > 0;
            Product saved;
            if (exists) {
                saved = product;
                h.createUpdate("UPDATE products SET name = :name, description = :description, api_id = :api, "
                                + "policy_id = :policy, published = :published, webhooks_enabled = :webhooks, events = :events, "
                                + "example_message = :example WHERE id = :id")
                        .bindMethods(new ProductRow(saved)).execute();
            } else {
                long now = System.currentTimeMillis();
                String id = product.id() == null || product.id().isEmpty() ? TimeSortedIds.next("prd", now) : product.id();
                saved = product.withId(id, now);
                h.createUpdate("INSERT INTO products (id, name, description, api_id, policy_id, published, webhooks_enabled, "
                                + "events, example_message, created_at) VALUES (:id, :name, :description, :api, :policy, "
                                + ":published, :webhooks, :events, :example, :created)")
                        .bindMethods(new ProductRow(saved)).execute();
            }
            return saved;
        });
    }

    /** Named values of a product row, for binding. */
    public record ProductRow(Product p) {
        public String id() { return p.id(); }
        public String name() { return p.name(); }
        public String description() { return p.description(); }
        public String api() { return p.apiId(); }
        public String policy() { return p.policyId(); }
        public boolean published() { return p.published(); }
        public boolean webhooks() { return p.webhooksEnabled(); }
        public String events() { return json(p.events()); }
        public String example() { return p.exampleMessage(); }
        public long created() { return p.createdAt(); }
    }

    @Override
    public List<Product> products() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM products ORDER BY created_at, id").map(PRODUCT).list());
    }

    @Override
    public Optional<Product> product(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM products WHERE id = :id").bind("id", id).map(PRODUCT).findOne());
    }

    @Override
    public boolean deleteProduct(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM products WHERE id = :id").bind("id", id).execute()) > 0;
    }

    // ---- apps and keys ----

    @Override
    public App createApp(String ownerId, String name) {
        long now = System.currentTimeMillis();
        App app = new App(TimeSortedIds.next("app", now), ownerId, name, now);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO apps (id, owner_id, name, created_at) VALUES (:id, :owner, :name, :created)")
                .bind("id", app.id()).bind("owner", ownerId).bind("name", name).bind("created", now).execute());
        return app;
    }

    @Override
    public List<App> appsOf(String ownerId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM apps WHERE owner_id = :owner ORDER BY id")
                .bind("owner", ownerId).map(APP).list());
    }

    @Override
    public Optional<App> app(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM apps WHERE id = :id").bind("id", id).map(APP).findOne());
    }

    @Override
    public AppKey addKey(String appId, String productId, String keyHash) {
        long now = System.currentTimeMillis();
        AppKey key = new AppKey(TimeSortedIds.next("akey", now), appId, productId, keyHash, now);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO app_keys (id, app_id, product_id, key_hash, created_at) "
                        + "VALUES (:id, :app, :product, :hash, :created)")
                .bind("id", key.id()).bind("app", appId).bind("product", productId).bind("hash", keyHash)
                .bind("created", now).execute());
        return key;
    }

    @Override
    public List<AppKey> keysOf(String appId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM app_keys WHERE app_id = :app ORDER BY id")
                .bind("app", appId).map(APP_KEY).list());
    }

    // ---- subscriptions ----

    @Override
    public WebhookSubscription createSubscription(String appId, String url, String secret, List<String> events) {
        long now = System.currentTimeMillis();
        WebhookSubscription s = new WebhookSubscription(TimeSortedIds.next("sub", now), appId, url, secret, events, true, now);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO subscriptions (id, app_id, url, secret, events, active, created_at) "
                        + "VALUES (:id, :app, :url, :secret, :events, :active, :created)")
                .bind("id", s.id()).bind("app", appId).bind("url", url).bind("secret", secret)
                .bind("events", json(events)).bind("active", true).bind("created", now).execute());
        return s;
    }

    @Override
    public List<WebhookSubscription> subscriptionsOf(String appId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM subscriptions WHERE app_id = :app ORDER BY id")
                .bind("app", appId).map(SUBSCRIPTION).list());
    }

    @Override
    public Optional<WebhookSubscription> subscription(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM subscriptions WHERE id = :id").bind("id", id)
                .map(SUBSCRIPTION).findOne());
    }

    @Override
    public boolean deleteSubscription(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM subscriptions WHERE id = :id").bind("id", id).execute()) > 0;
    }

    // ---- events and deliveries ----

    @Override
    public List<String> recordEvents(String eventType, List<String> bodies, long now) {
        return jdbi.inTransaction(h -> {
            List<WebhookSubscription> subscribers = h.createQuery("SELECT * FROM subscriptions WHERE active = TRUE ORDER BY id")
                    .map(SUBSCRIPTION).list().stream().filter(s -> s.wants(eventType)).toList();
            List<String> ids = new ArrayList<>(bodies.size());
            PreparedBatch events = h.prepareBatch("INSERT INTO events (id, event_type, body, received_at) VALUES (:id, :type, :body, :at)");
            PreparedBatch deliveries = h.prepareBatch("INSERT INTO deliveries (id, subscription_id, event_id, status, attempts, "
                    + "next_attempt_at, claimed_until, last_error, created_at, updated_at) "
                    + "VALUES (:id, :subscription, :event, 'pending', 0, :at, 0, NULL, :at, :at)");
            boolean anyDelivery = false;
            for (String body : bodies) {
                String id = TimeSortedIds.next("evt", now);
                ids.add(id);
                events.bind("id", id).bind("type", eventType).bind("body", body).bind("at", now).add();
                for (WebhookSubscription s : subscribers) {
                    deliveries.bind("id", TimeSortedIds.next("dlv", now)).bind("subscription", s.id()).bind("event", id).bind("at", now).add();
                    anyDelivery = true;
                }
            }
            if (!ids.isEmpty()) {
                events.execute();
            }
            if (anyDelivery) {
                deliveries.execute();
            }
            return ids;
        });
    }

    @Override
    public List<Outbound> dueDeliveries(long now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + DELIVERY_COLUMNS + ", s.url, s.secret, e.body FROM deliveries d "
                        + "JOIN events e ON e.id = d.event_id JOIN subscriptions s ON s.id = d.subscription_id "
                        + "WHERE d.status = 'pending' AND d.next_attempt_at <= :now AND d.claimed_until <= :now AND s.active = TRUE "
                        + "ORDER BY d.next_attempt_at, d.id LIMIT :limit")
                .bind("now", now).bind("limit", limit)
                .map((rs, ctx) -> new Outbound(DELIVERY.map(rs, ctx), rs.getString("url"), rs.getString("secret"), rs.getString("body")))
                .list());
    }

    @Override
    public List<String> subscriptionsWithDueDeliveries(long now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT d.subscription_id FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id "
                        + "WHERE d.status = 'pending' AND d.next_attempt_at <= :now AND d.claimed_until <= :now AND s.active = TRUE "
                        + "GROUP BY d.subscription_id ORDER BY MIN(d.next_attempt_at) LIMIT :limit")
                .bind("now", now).bind("limit", limit).mapTo(String.class).list());
    }

    @Override
    public List<Outbound> dueDeliveriesOf(String subscriptionId, long now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + DELIVERY_COLUMNS + ", s.url, s.secret, e.body FROM deliveries d "
                        + "JOIN events e ON e.id = d.event_id JOIN subscriptions s ON s.id = d.subscription_id "
                        + "WHERE d.subscription_id = :subscription AND d.status = 'pending' AND d.next_attempt_at <= :now "
                        + "AND d.claimed_until <= :now AND s.active = TRUE ORDER BY d.next_attempt_at, d.id LIMIT :limit")
                .bind("subscription", subscriptionId).bind("now", now).bind("limit", limit)
                .map((rs, ctx) -> new Outbound(DELIVERY.map(rs, ctx), rs.getString("url"), rs.getString("secret"), rs.getString("body")))
                .list());
    }

    @Override
    public boolean claim(String deliveryId, long now, long until) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE deliveries SET claimed_until = :until "
                        + "WHERE id = :id AND status = 'pending' AND claimed_until <= :now")
                .bind("until", until).bind("id", deliveryId).bind("now", now).execute()) == 1;
    }

    @Override
    public void releaseClaim(String deliveryId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE deliveries SET claimed_until = 0 WHERE id = :id AND status = 'pending'")
                .bind("id", deliveryId).execute());
    }

    @Override
    public void recordAttempt(Attempt attempt, boolean delivered, long retryAt) {
        String status = delivered ? Delivery.Status.DELIVERED.stored() : retryAt < 0 ? Delivery.Status.DEAD.stored() : Delivery.Status.PENDING.stored();
        jdbi.useTransaction(h -> {
            h.createUpdate("INSERT INTO delivery_attempts (id, delivery_id, attempt, attempted_at, status_code, error, duration_ms) "
                            + "VALUES (:id, :delivery, :attempt, :at, :code, :error, :duration)")
                    .bind("id", TimeSortedIds.next("att", attempt.at())).bind("delivery", attempt.deliveryId()).bind("attempt", attempt.attempt()).bind("at", attempt.at())
                    .bind("code", attempt.statusCode()).bind("error", attempt.error()).bind("duration", attempt.durationMillis())
                    .execute();
            h.createUpdate("UPDATE deliveries SET status = :status, attempts = :attempts, next_attempt_at = :next, "
                            + "claimed_until = 0, last_error = :error, updated_at = :at WHERE id = :id")
                    .bind("status", status).bind("attempts", attempt.attempt())
                    .bind("next", retryAt < 0 ? attempt.at() : retryAt).bind("error", delivered ? null : attempt.error())
                    .bind("at", attempt.at()).bind("id", attempt.deliveryId()).execute();
        });
    }

    @Override
    public List<Delivery> deliveriesOf(String subscriptionId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + DELIVERY_COLUMNS + " FROM deliveries d JOIN events e ON e.id = d.event_id "
                        + "WHERE d.subscription_id = :subscription ORDER BY d.id DESC LIMIT :limit")
                .bind("subscription", subscriptionId).bind("limit", limit).map(DELIVERY).list());
    }

    @Override
    public List<Delivery> deadLetters(String subscriptionId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + DELIVERY_COLUMNS + " FROM deliveries d JOIN events e ON e.id = d.event_id "
                        + "WHERE d.subscription_id = :subscription AND d.status = 'dead' ORDER BY d.id")
                .bind("subscription", subscriptionId).map(DELIVERY).list());
    }

    @Override
    public List<Attempt> attemptsOf(String deliveryId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM delivery_attempts WHERE delivery_id = :delivery ORDER BY attempted_at, id")
                .bind("delivery", deliveryId).map(ATTEMPT).list());
    }

    @Override
    public int replayDeadLetters(String subscriptionId, long now) {
        // A new round of attempts; the log keeps the earlier ones.
        return jdbi.withHandle(h -> h.createUpdate("UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = :now, "
                        + "claimed_until = 0, updated_at = :now WHERE subscription_id = :subscription AND status = 'dead'")
                .bind("now", now).bind("subscription", subscriptionId).execute());
    }

    @Override
    public long nextDueAt() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MIN(next_attempt_at), -1) FROM deliveries WHERE status = 'pending'")
                .mapTo(Long.class).one());
    }

    @Override
    public void close() {
        try {
            onClose.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the console database: " + e.getMessage(), e);
        }
    }

    // ---- helpers ----

    private static boolean isUniqueViolation(UnableToExecuteStatementException e) {
        return e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState());
    }

    static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(String json) {
        try {
            return json == null || json.isBlank() ? List.of() : JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored list is not JSON: " + json, e);
        }
    }
}
