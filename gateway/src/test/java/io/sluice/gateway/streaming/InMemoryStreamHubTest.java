package io.sluice.gateway.streaming;

import io.sluice.gateway.streaming.hub.HubMessage;
import io.sluice.gateway.streaming.hub.HubSettings;
import io.sluice.gateway.streaming.hub.InMemoryStreamHub;
import io.sluice.gateway.streaming.hub.SlowConsumerPolicy;
import io.sluice.gateway.streaming.hub.StreamHub;
import io.sluice.gateway.streaming.hub.Subscription;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryStreamHubTest {

    private static final Runnable NOOP = () -> { };

    private static List<HubMessage.Draft> batch(String... texts) {
        List<HubMessage.Draft> l = new ArrayList<>();
        for (String t : texts) l.add(HubMessage.Draft.of(t));
        return l;
    }

    private static List<String> texts(List<HubMessage> messages) {
        return messages.stream().map(HubMessage::text).toList();
    }

    private static List<Long> ids(List<HubMessage> messages) {
        return messages.stream().map(HubMessage::id).toList();
    }

    private static void publish(StreamHub hub, int from, int to) throws InterruptedException {
        for (int i = from; i <= to; i++) hub.publish(batch("m" + i));
    }

    @Test
    void idsAreMonotonicAndBatchesKeepTheirOrderAndShape() throws Exception {
        StreamHub hub = new InMemoryStreamHub(HubSettings.broadcast(100, SlowConsumerPolicy.DROP_OLDEST, 100));
        Subscription sub = hub.subscribe(null, NOOP);
        assertThat(hub.publish(batch("a"))).isEqualTo(1);
        assertThat(hub.publish(batch("b", "c", "d"))).isEqualTo(4);
        assertThat(hub.publish(List.of())).isEqualTo(4);
        List<HubMessage> got = sub.poll(10);
        assertThat(texts(got)).containsExactly("a", "b", "c", "d");
        assertThat(ids(got)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(got.get(2).batchFirstId()).isEqualTo(2);
        assertThat(got.get(2).batchSize()).isEqualTo(3);
        assertThat(got.get(2).batchLastId()).isEqualTo(4);
        assertThat(sub.poll(10)).isEmpty();
        assertThat(sub.lastTakenId()).isEqualTo(4);
        assertThat(hub.lastId()).isEqualTo(4);
    }

    @Test
    void broadcastGivesEverySubscriberEveryMessage() throws Exception {
        StreamHub hub = new InMemoryStreamHub(HubSettings.broadcast(1000, SlowConsumerPolicy.DROP_OLDEST, 0));
        List<Subscription> subs = new ArrayList<>();
        for (int i = 0; i < 5; i++) subs.add(hub.subscribe(null, NOOP));
        publish(hub, 1, 50);
        for (Subscription s : subs) {
            List<HubMessage> all = new ArrayList<>();
            List<HubMessage> chunk;
            while (!(chunk = s.poll(7)).isEmpty()) all.addAll(chunk);
            assertThat(all).hasSize(50);
            assertThat(ids(all)).isSorted().doesNotHaveDuplicates();
            assertThat(all.getFirst().text()).isEqualTo("m1");
        }
        assertThat(hub.subscriberCount()).isEqualTo(5);
        subs.getFirst().close();
        assertThat(hub.subscriberCount()).isEqualTo(4);
    }

    @Test
    void aNewSubscriberStartsWithTheNextMessage() throws Exception {
        StreamHub hub = new InMemoryStreamHub(HubSettings.broadcast(10, SlowConsumerPolicy.DROP_OLDEST, 10));
        publish(hub, 1, 3);
        Subscription late = hub.subscribe(null, NOOP);
        assertThat(late.poll(10)).isEmpty();
        publish(hub, 4, 4);
        assertThat(texts(late.poll(10))).containsExactly("m4");
    }

    @Test
    void sharedGivesEachBatchToExactlyOneConsumerWithoutSplittingIt() throws Exception {
        StreamHub hub = new InMemoryStreamHub(HubSettings.shared(1000));
        Subscription a = hub.subscribe(null, NOOP);
        Subscription b = hub.subscribe(null, NOOP);
        hub.publish(batch("x1", "x2", "x3"));
        publish(hub, 1, 20);
        List<HubMessage> gotA = new ArrayList<>();
        List<HubMessage> gotB = new ArrayList<>();
        for (int round = 0; round < 30; round++) {
            gotA.addAll(a.poll(2));
            gotB.addAll(b.poll(1));
        }
        Set<Long> union = new HashSet<>(ids(gotA));
        assertThat(ids(gotB)).doesNotContainAnyElementsOf(union);
        union.addAll(ids(gotB));
        assertThat(union).hasSize(23);
        // a batch of three was taken whole even though the poll asked for fewer
        List<HubMessage> holder = texts(gotA).contains("x1") ? gotA : gotB;
        assertThat(texts(holder)).containsSubsequence("x1", "x2", "x3");
        assertThat(ids(gotA)).isSorted();
        assertThat(ids(gotB)).isSorted();
    }

    @Test
    void sharedWakesOneWaitingConsumerPerBatch() throws Exception {
        StreamHub hub = new InMemoryStreamHub(HubSettings.shared(100));
        AtomicInteger wakesA = new AtomicInteger();
        AtomicInteger wakesB = new AtomicInteger();
        Subscription a = hub.subscribe(null, wakesA::incrementAndGet);
        Subscription b = hub.subscribe(null, wakesB::incrementAndGet);
        assertThat(a.poll(1)).isEmpty(); // a waits first
        assertThat(b.poll(1)).isEmpty();
        hub.publish(batch("one"));
        assertThat(wakesA.get() + wakesB.get()).isEqualTo(1);
        assertThat(wakesA.get()).isEqualTo(1);
        assertThat(texts(a.poll(1))).containsExactly("one");
        hub.publish(batch("two"));
        assertThat(wakesB.get()).isEqualTo(1);
        // released messages go back to the front, for another consumer
        List<HubMessage> two = b.poll(1);
        b.release(two);
        assertThat(texts(a.poll(5))).containsExactly("two");
    }

    @Test
    void sharedPublishWaitsWhileTheQueueIsFull() throws Exception {
        StreamHub hub = new InMemoryStreamHub(HubSettings.shared(2));
        Subscription sub = hub.subscribe(null, NOOP);
        hub.publish(batch("1"));
        hub.publish(batch("2"));
        CountDownLatch published = new CountDownLatch(1);
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                hub.publish(batch("3"));
                published.countDown();
            } catch (InterruptedException ignored) {
            }
        });
        assertThat(published.await(200, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(texts(sub.poll(1))).containsExactly("1");
        assertThat(published.await(2, TimeUnit.SECONDS)).isTrue();
        t.join();
        assertThat(texts(sub.poll(10))).containsExactly("2", "3");
    }

    @Test
    void resumeAfterAnIdReplaysTheRetainedWindowWithoutLossOrDuplicates() throws Exception {
        StreamHub hub = new InMemoryStreamHub(HubSettings.broadcast(100, SlowConsumerPolicy.DROP_OLDEST, 5));
        publish(hub, 1, 12);
        // within the window (8..12 retained)
        Subscription inWindow = hub.subscribe(9L, NOOP);
        assertThat(ids(inWindow.poll(100))).containsExactly(10L, 11L, 12L);
        assertThat(inWindow.missedOnResume()).isZero();
        // just at the edge of the window
        assertThat(ids(hub.subscribe(7L, NOOP).poll(100))).containsExactly(8L, 9L, 10L, 11L, 12L);
        // up to date
        Subscription current = hub.subscribe(12L, NOOP);
        assertThat(current.poll(100)).isEmpty();
        // older than the window: what is retained, and how much was missed
        Subscription old = hub.subscribe(2L, NOOP);
        assertThat(ids(old.poll(100))).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(old.missedOnResume()).isEqualTo(5);
        assertThat(old.dropped()).isEqualTo(5);
        // an id from an earlier life of the stream (the hub never issued it): replay the window
        assertThat(ids(hub.subscribe(500L, NOOP).poll(100))).containsExactly(8L, 9L, 10L, 11L, 12L);
        publish(hub, 13, 13);
        assertThat(ids(current.poll(100))).containsExactly(13L);
        assertThat(ids(inWindow.poll(100))).containsExactly(13L);
    }

    @Test
    void resumingIsOffWithRetainZero() throws Exception {
        StreamHub hub = new InMemoryStreamHub(HubSettings.broadcast(100, SlowConsumerPolicy.DROP_OLDEST, 0));
        publish(hub, 1, 5);
        assertThat(hub.subscribe(2L, NOOP).poll(100)).isEmpty();
    }

    @Test
    void dropOldestSkipsForTheSlowSubscriberOnlyAndNeverBlocksThePublisher() throws Exception {
        StreamHub hub = new InMemoryStreamHub(HubSettings.broadcast(10, SlowConsumerPolicy.DROP_OLDEST, 0));
        Subscription slow = hub.subscribe(null, NOOP);
        Subscription fast = hub.subscribe(null, NOOP);
        List<HubMessage> fastGot = new ArrayList<>();
        // The slow subscriber never polls: if publishing waited for it, this would never finish.
        CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 1; i <= 100; i++) {
                    hub.publish(batch("m" + i));
                    fastGot.addAll(fast.poll(100));
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        publishing.get(30, TimeUnit.SECONDS);
        assertThat(ids(fastGot)).hasSize(100).isSorted();
        assertThat(fast.dropped()).isZero();
        List<HubMessage> slowGot = slow.poll(1000);
        assertThat(ids(slowGot)).containsExactly(91L, 92L, 93L, 94L, 95L, 96L, 97L, 98L, 99L, 100L);
        assertThat(slow.dropped()).isEqualTo(90);
        assertThat(slow.closeReason()).isNull();
        assertThat(hub.droppedTotal()).isEqualTo(90);
    }

    @Test
    void disconnectEndsTheSlowSubscriberAloneAndTellsIt() throws Exception {
        StreamHub hub = new InMemoryStreamHub(HubSettings.broadcast(10, SlowConsumerPolicy.DISCONNECT, 0));
        AtomicInteger slowWakes = new AtomicInteger();
        Subscription slow = hub.subscribe(null, slowWakes::incrementAndGet);
        Subscription fast = hub.subscribe(null, NOOP);
        for (int i = 1; i <= 30; i++) {
            hub.publish(batch("m" + i));
            assertThat(fast.poll(100)).hasSize(1);
        }
        assertThat(slow.closeReason()).contains("slow consumer");
        assertThat(slow.slowConsumer()).isTrue();
        assertThat(slow.poll(100)).isEmpty();
        assertThat(slowWakes.get()).isGreaterThanOrEqualTo(1);
        assertThat(fast.closeReason()).isNull();
        assertThat(hub.subscriberCount()).isEqualTo(1);
    }

    @Test
    void aBusySubscriberIsWokenOnceUntilItFindsNothing() throws Exception {
        StreamHub hub = new InMemoryStreamHub(HubSettings.broadcast(100, SlowConsumerPolicy.DROP_OLDEST, 0));
        AtomicInteger wakes = new AtomicInteger();
        Subscription sub = hub.subscribe(null, wakes::incrementAndGet);
        publish(hub, 1, 5);
        assertThat(wakes.get()).isEqualTo(1);
        assertThat(sub.poll(2)).hasSize(2);
        publish(hub, 6, 6);
        assertThat(wakes.get()).isEqualTo(1); // still busy: it comes back by itself
        assertThat(sub.poll(100)).hasSize(4);
        assertThat(sub.poll(100)).isEmpty(); // idle now
        publish(hub, 7, 7);
        assertThat(wakes.get()).isEqualTo(2);
    }

    @Test
    void concurrentReadersSeeEveryMessageInOrder() throws Exception {
        StreamHub hub = new InMemoryStreamHub(HubSettings.broadcast(1 << 16, SlowConsumerPolicy.DROP_OLDEST, 0));
        int readers = 4;
        int total = 50_000;
        List<Thread> threads = new ArrayList<>();
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch subscribed = new CountDownLatch(readers);
        for (int r = 0; r < readers; r++) {
            threads.add(Thread.ofPlatform().start(() -> {
                Subscription sub = hub.subscribe(null, NOOP);
                subscribed.countDown();
                long expected = 1;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (expected <= total && System.nanoTime() < deadline) {
                    for (HubMessage m : sub.poll(64)) {
                        if (m.id() != expected || !m.text().equals("m" + expected)) {
                            failure.compareAndSet(null, "expected " + expected + " got " + m);
                            return;
                        }
                        expected++;
                    }
                    Thread.onSpinWait();
                }
                if (expected <= total) failure.compareAndSet(null, "reader stopped at " + expected);
            }));
        }
        subscribed.await();
        for (int i = 1; i <= total; i++) hub.publish(batch("m" + i));
        for (Thread t : threads) t.join();
        assertThat(failure.get()).isNull();
    }

    @Test
    void closingEndsSubscriptionsAndRefusesPublishes() throws Exception {
        StreamHub hub = new InMemoryStreamHub(HubSettings.broadcast(10, SlowConsumerPolicy.DROP_OLDEST, 10));
        AtomicInteger wakes = new AtomicInteger();
        Subscription sub = hub.subscribe(null, wakes::incrementAndGet);
        hub.close("stream stopped");
        assertThat(sub.closeReason()).isEqualTo("stream stopped");
        assertThat(sub.slowConsumer()).isFalse();
        assertThat(wakes.get()).isEqualTo(1);
        assertThatThrownBy(() -> hub.publish(batch("late"))).isInstanceOf(IllegalStateException.class);
        assertThat(hub.subscribe(null, NOOP).closeReason()).isEqualTo("stream stopped");
    }

    @Test
    void sseFramesCarryIdEventAndOneDataLinePerLine() {
        HubMessage m = new HubMessage(7, "a\nb\r\nc".getBytes(), Map.of(), "tick", 7, 1);
        assertThat(new String(m.sseFrame())).isEqualTo("id: 7\nevent: tick\ndata: a\ndata: b\ndata: c\n\n");
        assertThat(new HubMessage(8, "{\"x\":1}".getBytes(), null, null, 8, 1).envelope()).isEqualTo("{\"id\":8,\"data\":{\"x\":1}}");
        assertThat(new HubMessage(9, "hi \"you\"".getBytes(), null, null, 9, 1).envelope()).isEqualTo("{\"id\":9,\"data\":\"hi \\\"you\\\"\"}");
    }
}
