package io.sluice.connectors.amqp;

import io.sluice.testkit.TcpProxy;
import io.sluice.testkit.TestComponents;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.sluice.testkit.TestKit.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker outage both AMQP outputs must survive: 20 messages through, the broker refused (through {@code proxy})
 * while 20 more are fed and the output retries, the broker back; then all 40 arrive and are acknowledged, none rejected.
 */
final class OutputReconnectCheck {
    private OutputReconnectCheck() {
    }

    static void survivesAnOutage(TestComponents.Feed feed, TestComponents.Sink got, TcpProxy proxy,
                                 Duration firstTwenty, Duration all) throws InterruptedException {
        for (int i = 0; i < 20; i++) feed.add("before-" + i);
        assertThat(got.awaitCount(20, firstTwenty)).isTrue();
        proxy.refuse(true);
        for (int i = 0; i < 20; i++) feed.add("after-" + i);
        await("reconnect attempts against the down broker", Duration.ofSeconds(20), () -> proxy.refused() >= 2);
        proxy.refuse(false);
        Set<String> want = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            want.add("before-" + i);
            want.add("after-" + i);
        }
        long end = System.nanoTime() + all.toNanos();
        while (!new HashSet<>(got.texts()).containsAll(want) && System.nanoTime() < end) Thread.sleep(20);
        want.removeAll(got.texts());
        assertThat(want).as("missing after reconnect").isEmpty();
        long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (feed.acked.get() < 40 && System.nanoTime() < settle) Thread.sleep(20);
        assertThat(feed.nacked.get()).isZero();
        assertThat(feed.acked.get()).isEqualTo(40);
    }
}
