package io.sluice.connectors.redis;

import io.lettuce.core.RedisCommandExecutionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which answers of a Redis server mean "reconnect and try again" rather than "this command is wrong". */
class ServerAnswersTest {

    @Test
    void aServerThatCannotServeForNowIsWorthAReconnect() {
        for (String answer : new String[]{"CLUSTERDOWN The cluster is down", "TRYAGAIN Multiple keys request during rehashing of slot",
                "LOADING Redis is loading the dataset in memory", "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."}) {
            assertThat(RedisConnector.isConnectionProblem(new RedisCommandExecutionException(answer))).as(answer).isTrue();
        }
    }

    @Test
    void aWrongCommandIsNot() {
        assertThat(RedisConnector.isConnectionProblem(new RedisCommandExecutionException("WRONGTYPE Operation against a key holding the wrong kind of value"))).isFalse();
        assertThat(RedisConnector.isConnectionProblem(new RedisCommandExecutionException("ERR unknown command 'FOO'"))).isFalse();
        assertThat(RedisConnector.isConnectionProblem(new RedisCommandExecutionException("NOAUTH Authentication required."))).isFalse();
    }
}
