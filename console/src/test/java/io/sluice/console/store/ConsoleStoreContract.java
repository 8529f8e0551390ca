package io.sluice.console.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link ConsoleStore} must do; run against PostgreSQL and the embedded H2 file by the subclasses. */
abstract class ConsoleStoreContract {

    protected ConsoleStore store;

    /** A fresh, migrated, empty store. */
    protected abstract ConsoleStore openFresh() throws Exception;

    /** The same database opened again, as after a restart. */
    protected abstract ConsoleStore reopen() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = openFresh();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void a_setting_is_stored_once_and_the_first_value_wins() {
        assertThat(store.settingOrPut("portal_api_secret", "first")).isEqualTo("first");
        assertThat(store.settingOrPut("portal_api_secret", "second")).isEqualTo("first");
    }

    @Test
    void emails_are_unique_whatever_their_case() {
        User created = store.createUser("Ada@Example.com", "$argon2id$hash", User.Role.DEVELOPER);

        assertThat(store.userByEmail("ada@example.COM")).contains(created);
        assertThat(created.email()).isEqualTo("ada@example.com");
        assertThatThrownBy(() -> store.createUser("ADA@example.com", "x", User.Role.ADMIN))
                .isInstanceOf(DuplicateException.class);
    }

    @Test
    void a_password_can_be_changed() {
        User user = store.createUser("admin@sluice.local", "old", User.Role.ADMIN);
        store.updatePassword(user.id(), "new");
        assertThat(store.userByEmail("admin@sluice.local")).get().extracting(User::passwordHash).isEqualTo("new");
    }

    @Test
    void products_are_inserted_then_replaced_by_id() {
        Product saved = store.saveProduct(new Product(null, "Trades", "Live trades", "trades-api", "gold", true, true,
                List.of("trade.created", "trade.settled"), "{\"id\":1}", 0));

        assertThat(saved.id()).startsWith("prd_");
        store.saveProduct(new Product(saved.id(), "Trades v2", "", "trades-api", "gold", false, false, List.of(), "", 0));

        assertThat(store.products()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("Trades v2");
            assertThat(p.published()).isFalse();
            assertThat(p.events()).isEmpty();
            assertThat(p.createdAt()).isEqualTo(saved.createdAt());
        });
        assertThat(store.deleteProduct(saved.id())).isTrue();
        assertThat(store.product(saved.id())).isEmpty();
    }

    @Test
    void apps_hold_keys_and_subscriptions_of_their_owner() {
        User dev = store.createUser("dev@example.com", "h", User.Role.DEVELOPER);
        Product product = store.saveProduct(new Product(null, "P", "", "api", "pol", true, true, List.of("bar"), "", 0));
        App app = store.createApp(dev.id(), "My app");

        store.addKey(app.id(), product.id(), "hash1");
        WebhookSubscription sub = store.createSubscription(app.id(), "https://example.com/hook", "s3cret", List.of("bar"));

        assertThat(store.appsOf(dev.id())).containsExactly(app);
        assertThat(store.keysOf(app.id())).singleElement().extracting(AppKey::keyHash).isEqualTo("hash1");
        assertThat(store.subscriptionsOf(app.id())).containsExactly(sub);
        assertThat(store.subscription(sub.id())).contains(sub);
        assertThat(store.deleteSubscription(sub.id())).isTrue();
        assertThat(store.subscriptionsOf(app.id())).isEmpty();
    }

    @Test
    void an_event_becomes_one_pending_delivery_per_interested_subscription() {
        App app = anApp();
        WebhookSubscription wantsBar = store.createSubscription(app.id(), "https://a.example/h", "a", List.of("bar"));
        WebhookSubscription wantsAll = store.createSubscription(app.id(), "https://b.example/h", "b", List.of("*"));
        store.createSubscription(app.id(), "https://c.example/h", "c", List.of("foo"));

        List<String> ids = store.recordEvents("bar", List.of("{\"n\":1}", "{\"n\":2}"), 1_000);

        assertThat(ids).hasSize(2);
        List<Outbound> due = store.dueDeliveries(1_000, 100);
        assertThat(due).hasSize(4);
        assertThat(due).extracting(o -> o.delivery().subscriptionId()).containsOnly(wantsBar.id(), wantsAll.id());
        assertThat(due).extracting(Outbound::body).containsOnly("{\"n\":1}", "{\"n\":2}");
        assertThat(due.getFirst().delivery().eventType()).isEqualTo("bar");
        assertThat(store.dueDeliveries(999, 100)).isEmpty();
        assertThat(store.nextDueAt()).isEqualTo(1_000);
    }

    @Test
    void due_deliveries_are_found_per_subscription() {
        App app = anApp();
        WebhookSubscription a = store.createSubscription(app.id(), "https://a.example/h", "a", List.of("bar"));
        WebhookSubscription b = store.createSubscription(app.id(), "https://b.example/h", "b", List.of("bar"));
        store.recordEvents("bar", List.of("{\"n\":1}", "{\"n\":2}"), 1_000);

        assertThat(store.subscriptionsWithDueDeliveries(1_000, 10)).containsExactlyInAnyOrder(a.id(), b.id());
        List<Outbound> ofA = store.dueDeliveriesOf(a.id(), 1_000, 10);
        assertThat(ofA).extracting(o -> o.delivery().subscriptionId()).containsOnly(a.id());
        assertThat(ofA).extracting(Outbound::body).containsExactly("{\"n\":1}", "{\"n\":2}");
        ofA.forEach(o -> store.claim(o.delivery().id(), 1_000, 60_000));
        assertThat(store.subscriptionsWithDueDeliveries(1_000, 10)).containsExactly(b.id());
    }

    @Test
    void a_claimed_delivery_is_not_handed_to_a_second_sender() {
        App app = anApp();
        store.createSubscription(app.id(), "https://a.example/h", "a", List.of("bar"));
        store.recordEvents("bar", List.of("{}"), 1_000);
        String id = store.dueDeliveries(1_000, 10).getFirst().delivery().id();

        assertThat(store.claim(id, 1_000, 31_000)).isTrue();
        assertThat(store.claim(id, 1_001, 31_001)).isFalse();
        assertThat(store.dueDeliveries(2_000, 10)).isEmpty();
        assertThat(store.claim(id, 31_000, 61_000)).as("an expired claim (a sender died) can be taken over").isTrue();
    }

    @Test
    void attempts_are_logged_and_settle_the_delivery() {
        App app = anApp();
        WebhookSubscription sub = store.createSubscription(app.id(), "https://a.example/h", "a", List.of("bar"));
        store.recordEvents("bar", List.of("{}"), 1_000);
        String id = store.dueDeliveries(1_000, 10).getFirst().delivery().id();

        store.recordAttempt(new Attempt(id, 1, 1_000, 500, "HTTP 500", 12), false, 3_000);
        assertThat(store.dueDeliveries(2_999, 10)).isEmpty();
        assertThat(store.dueDeliveries(3_000, 10)).singleElement().satisfies(o -> {
            assertThat(o.delivery().attempts()).isEqualTo(1);
            assertThat(o.delivery().lastError()).isEqualTo("HTTP 500");
        });

        store.recordAttempt(new Attempt(id, 2, 3_000, 0, "connection refused", 3), false, -1);
        assertThat(store.dueDeliveries(10_000, 10)).isEmpty();
        assertThat(store.deadLetters(sub.id())).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(Delivery.Status.DEAD);
            assertThat(d.attempts()).isEqualTo(2);
        });
        assertThat(store.attemptsOf(id)).extracting(Attempt::statusCode).containsExactly(500, 0);

        assertThat(store.replayDeadLetters(sub.id(), 20_000)).isEqualTo(1);
        assertThat(store.deadLetters(sub.id())).isEmpty();
        Outbound replayed = store.dueDeliveries(20_000, 10).getFirst();
        assertThat(replayed.delivery().attempts()).as("a replay starts a new round").isZero();
        store.recordAttempt(new Attempt(id, 1, 20_000, 204, null, 5), true, 0);
        assertThat(store.deliveriesOf(sub.id(), 10)).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(Delivery.Status.DELIVERED);
            assertThat(d.lastError()).isNull();
        });
        assertThat(store.attemptsOf(id)).extracting(Attempt::attempt).containsExactly(1, 2, 1);
        assertThat(store.attemptsOf(id)).extracting(Attempt::statusCode).containsExactly(500, 0, 204);
    }

    @Test
    void the_delivery_log_lists_newest_first() {
        App app = anApp();
        WebhookSubscription sub = store.createSubscription(app.id(), "https://a.example/h", "a", List.of("bar"));
        IntStream.range(0, 5).forEach(i -> store.recordEvents("bar", List.of("{\"i\":" + i + "}"), 1_000 + i));

        List<Delivery> log = store.deliveriesOf(sub.id(), 3);
        assertThat(log).hasSize(3);
        assertThat(log).extracting(Delivery::createdAt).containsExactly(1_004L, 1_003L, 1_002L);
    }

    @Test
    void pending_deliveries_survive_a_restart() throws Exception {
        App app = anApp();
        store.createSubscription(app.id(), "https://a.example/h", "a", List.of("bar"));
        store.recordEvents("bar", List.of("{\"kept\":true}"), 1_000);
        store.close();

        store = reopen();

        assertThat(store.dueDeliveries(1_000, 10)).singleElement().extracting(Outbound::body).isEqualTo("{\"kept\":true}");
    }

    private App anApp() {
        User dev = store.createUser("dev" + System.nanoTime() + "@example.com", "h", User.Role.DEVELOPER);
        return store.createApp(dev.id(), "app");
    }
}
