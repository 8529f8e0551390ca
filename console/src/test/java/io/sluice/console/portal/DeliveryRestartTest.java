package io.sluice.console.portal;

import io.sluice.console.store.Delivery;
import io.sluice.console.support.Await;
import io.sluice.console.support.PortalFixture;
import io.sluice.console.support.RunningConsole;
import io.sluice.console.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.sluice.console.support.PortalFixture.patience;
import static org.assertj.core.api.Assertions.assertThat;

/** Deliveries live in the database: a gateway restarted on the same embedded database goes on delivering. */
class DeliveryRestartTest {

    @TempDir
    Path directory;

    @Test
    void a_pending_delivery_is_delivered_after_a_restart() throws Exception {
        try (WebhookReceiver subscriber = new WebhookReceiver("restart-secret-0123")) {
            subscriber.answer.set(503);
            String subscription;
            try (RunningConsole first = RunningConsole.embedded(directory, 50, 0.2)) {
                PortalFixture fixture = new PortalFixture(first);
                subscription = fixture.subscribe(subscriber.url(), "restart-secret-0123");
                fixture.publish(1);
                Await.until("a first, failed attempt", patience(), () -> !subscriber.received.isEmpty());
            }
            String deliveryId = subscriber.received.getFirst().id();
            int attemptsBefore = subscriber.received.size();
            subscriber.answer.set(204);

            try (RunningConsole second = RunningConsole.embedded(directory, 50, 0.2)) {
                Await.until("the delivery after the restart", patience(), () -> subscriber.received.size() > attemptsBefore
                        && subscriber.received.getLast().id().equals(deliveryId));
                Await.until("it is marked delivered", patience(), () -> second.console.store().deliveriesOf(subscription, 10).stream()
                        .allMatch(d -> d.status() == Delivery.Status.DELIVERED));
            }
            assertThat(subscriber.received).extracting(WebhookReceiver.Received::id).containsOnly(deliveryId);
        }
    }
}
