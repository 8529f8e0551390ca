package io.sluice.connectors.redis;

import io.sluice.testkit.TestKit;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.ArrayList;
import java.util.List;

import static io.sluice.testkit.TestKit.requireService;

/** A plain Lettuce client for setting up and checking state on the real Redis at 127.0.0.1:6379. */
abstract class RedisTestBase {
    static final String URL = "redis://127.0.0.1:6379";
    static RedisClient client;
    static StatefulRedisConnection<String, String> connection;
    static RedisCommands<String, String> redis;
    static final List<String> keys = new ArrayList<>();

    @BeforeAll
    static void connectRedis() {
        requireService("Redis", "127.0.0.1", 6379);
        client = RedisClient.create(URL);
        connection = client.connect(StringCodec.UTF8);
        redis = connection.sync();
    }

    @AfterAll
    static void closeRedis() {
        if (redis != null && !keys.isEmpty()) redis.del(keys.toArray(new String[0]));
        keys.clear();
        if (connection != null) connection.close();
        if (client != null) client.shutdown();
    }

    static String key(String prefix) {
        String k = TestKit.unique("sluice_test_" + prefix);
        keys.add(k);
        return k;
    }

    /** Kills the server side of every connection whose CLIENT SETNAME contains {@code namePart}; returns how many. */
    static int killClients(String namePart) {
        int n = 0;
        for (String line : redis.clientList().split("\n")) {
            if (!line.contains("name=") || !line.contains(namePart)) continue;
            for (String f : line.split(" ")) {
                if (f.startsWith("id=")) {
                    redis.clientKill(KillArgs.Builder.id(Long.parseLong(f.substring(3))));
                    n++;
                }
            }
        }
        return n;
    }
}
