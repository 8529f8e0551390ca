package io.sluice.gateway.storage;

import io.sluice.gateway.policy.Policy;
import io.sluice.gateway.runtime.GatewayJson;
import io.sluice.gateway.session.Session;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One behaviour for every storage: the memory and the Redis storage both pass these. */
abstract class StorageContractTest {

    protected GatewayStorage storage;
    protected String unique;

    protected abstract GatewayStorage createStorage();

    /**
     * Lets {@code millis} pass for the storage's windows. The memory storage runs on a clock the test moves; Redis
     * counts with the server's own clock, so time really passes there.
     */
    protected void elapse(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    /** The storage's idea of now, in epoch milliseconds. */
    protected long now() {
        return System.currentTimeMillis();
    }

    @BeforeEach
    void open() {
        storage = createStorage();
        unique = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void keysCanBeSavedFoundListedAndDeleted() throws Exception {
        Session session = GatewayJson.MAPPER.readValue("{\"rate\": 5, \"per\": 1, \"meta_data\": {\"team\": \"x\"}}", Session.class);
        List<KeyEvent> events = new CopyOnWriteArrayList<>();
        storage.keys().addListener(events::add);

        assertThat(await(storage.keys().find("k-" + unique))).isEmpty();
        await(storage.keys().save("k-" + unique, session));
        assertThat(await(storage.keys().find("k-" + unique))).contains(session);
        assertThat(await(storage.keys().list())).contains("k-" + unique);
        assertThat(await(storage.keys().delete("k-" + unique))).isTrue();
        assertThat(await(storage.keys().delete("k-" + unique))).isFalse();
        assertThat(await(storage.keys().find("k-" + unique))).isEmpty();
        assertThat(events).extracting(KeyEvent::keyHash).containsExactly("k-" + unique, "k-" + unique);
        assertThat(events.get(0)).isInstanceOf(KeyEvent.Saved.class);
        assertThat(events.get(1)).isInstanceOf(KeyEvent.Deleted.class);
    }

    @Test
    void policiesRoundTrip() throws Exception {
        Policy policy = GatewayJson.MAPPER.readValue("{\"id\": \"p-" + unique + "\", \"rate\": 9, \"per\": 3, \"access_rights\": {\"a\": {\"api_id\": \"a\"}}}", Policy.class);
        await(storage.policies().save(policy));
        assertThat(await(storage.policies().loadAll())).containsEntry(policy.id(), policy);
        assertThat(await(storage.policies().delete(policy.id()))).isTrue();
        assertThat(await(storage.policies().loadAll())).doesNotContainKey(policy.id());
    }

    @Test
    void slidingWindowAdmitsExactlyTheLimit() throws Exception {
        String bucket = "rl-" + unique;
        for (int i = 0; i < 4; i++) {
            RateWindow window = await(storage.counters().hit(bucket, 4, 400));
            assertThat(window.allowed()).isTrue();
            assertThat(window.remaining()).isEqualTo(3 - i);
        }
        RateWindow refused = await(storage.counters().hit(bucket, 4, 400));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.resetEpochMillis()).isGreaterThan(now() - 50);
        // Refused hits are not counted: once the first hits leave the window, room is back.
        elapse(450);
        assertThat(await(storage.counters().hit(bucket, 4, 400)).allowed()).isTrue();
        await(storage.counters().resetRate(bucket));
    }

    @Test
    void blocksOfHitsTakeWhatFitsInTheSameLog() throws Exception {
        String bucket = "rlb-" + unique;
        assertThat(await(storage.counters().hitUpTo(bucket, 10, 400, 4)).granted()).isEqualTo(4);
        assertThat(await(storage.counters().hit(bucket, 10, 400)).remaining()).isEqualTo(5); // one log for both
        RateGrant partial = await(storage.counters().hitUpTo(bucket, 10, 400, 8));
        assertThat(partial.granted()).isEqualTo(5);
        assertThat(partial.remaining()).isZero();
        RateGrant none = await(storage.counters().hitUpTo(bucket, 10, 400, 3));
        assertThat(none.granted()).isZero();
        assertThat(none.resetEpochMillis()).isGreaterThan(now() - 50);
        assertThat(await(storage.counters().hit(bucket, 10, 400)).allowed()).isFalse();
        elapse(450);
        assertThat(await(storage.counters().hitUpTo(bucket, 10, 400, 20)).granted()).isEqualTo(10);
        await(storage.counters().resetRate(bucket));
    }

    @Test
    void quotaCountsUnitsAndRenews() throws Exception {
        String bucket = "q-" + unique;
        assertThat(await(storage.counters().consumeQuota(bucket, 3, 1, 2)).remaining()).isEqualTo(1);
        QuotaUsage last = await(storage.counters().consumeQuota(bucket, 3, 1, 1));
        assertThat(last.allowed()).isTrue();
        assertThat(last.remaining()).isZero();
        assertThat(last.renewsEpochSeconds()).isGreaterThan(0);
        assertThat(await(storage.counters().consumeQuota(bucket, 3, 1, 1)).allowed()).isFalse();
        assertThat(await(storage.counters().peekQuota(bucket, 3)).remaining()).isZero();
        elapse(1100);
        assertThat(await(storage.counters().consumeQuota(bucket, 3, 1, 1)).allowed()).isTrue();
        await(storage.counters().resetQuota(bucket));
        assertThat(await(storage.counters().peekQuota(bucket, 3)).remaining()).isEqualTo(3);
    }

    @Test
    void pingAnswers() {
        await(storage.ping());
        assertThat(storage.type()).isIn("memory", "redis");
    }
}
