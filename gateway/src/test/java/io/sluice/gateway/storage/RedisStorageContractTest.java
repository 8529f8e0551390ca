package io.sluice.gateway.storage;

import io.sluice.gateway.config.StorageConfig;
import io.sluice.gateway.session.Session;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.RedisRequirement;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The same contract on the machine's real Redis, plus what only a shared storage does: notify other nodes. */
class RedisStorageContractTest extends StorageContractTest {

    private final String prefix = "sluice-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    @Override
    protected GatewayStorage createStorage() {
        RedisRequirement.check();
        return new RedisStorage(StorageConfig.redis(RedisRequirement.HOST, RedisRequirement.PORT), prefix);
    }

    @Test
    void otherNodesHearAboutKeyChanges() {
        try (RedisStorage otherNode = new RedisStorage(StorageConfig.redis(RedisRequirement.HOST, RedisRequirement.PORT), prefix)) {
            List<KeyEvent> seen = new CopyOnWriteArrayList<>();
            otherNode.keys().addListener(seen::add);
            List<ClusterMessage> messages = new CopyOnWriteArrayList<>();
            otherNode.bus().subscribe(messages::add);

            StorageContractTest.await(storage.keys().save("shared-" + unique, Session.builder().rate(1, 1).build()));
            StorageContractTest.await(storage.keys().delete("shared-" + unique));
            storage.bus().publish(new ClusterMessage(ClusterMessage.Kind.RELOAD, "", storage.bus().nodeId()));

            Eventually.within(Duration.ofSeconds(2), () -> seen.size() == 2 && messages.size() >= 3);
            assertThat(seen.get(0)).isInstanceOf(KeyEvent.Saved.class);
            assertThat(((KeyEvent.Saved) seen.get(0)).session().rate()).isEqualTo(1);
            assertThat(seen.get(1)).isInstanceOf(KeyEvent.Deleted.class);
            assertThat(messages).extracting(ClusterMessage::kind).contains(ClusterMessage.Kind.RELOAD);
        }
    }
}
