package io.sluice.cluster;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes {@code {"seq": n}} to a durable queue as persistent messages with {@code message_id = n}, waiting for the
 * broker's confirm of each, at a steady rate; records the confirmed sequence numbers. While the broker is down it
 * keeps trying to reconnect and publishes the unconfirmed message again (same id) once it is back.
 */
final class AmqpFeed implements AutoCloseable {

    final Set<Long> confirmed = ConcurrentHashMap.newKeySet();
    private final String url;
    private final String queue;
    private final long millisPerMessage;
    private volatile boolean running = true;
    private final Thread sender;

    AmqpFeed(String url, String queue, int perSecond) {
        this.url = url;
        this.queue = queue;
        this.millisPerMessage = Math.max(1, 1000 / perSecond);
        this.sender = Thread.ofPlatform().name("amqp-feed").start(this::run);
    }

    private void run() {
        long seq = 1;
        Connection connection = null;
        Channel channel = null;
        while (running) {
            try {
                if (channel == null || !channel.isOpen()) {
                    ConnectionFactory f = new ConnectionFactory();
                    f.setUri(url);
                    f.setAutomaticRecoveryEnabled(false);
                    f.setConnectionTimeout(2000);
                    connection = f.newConnection("cluster-test-feed");
                    channel = connection.createChannel();
                    channel.confirmSelect();
                    channel.queueDeclare(queue, true, false, false, null);
                }
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                        .deliveryMode(2).messageId(Long.toString(seq)).contentType("application/json").build();
                channel.basicPublish("", queue, props, ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8));
                channel.waitForConfirmsOrDie(5000);
                confirmed.add(seq);
                seq++;
                Ports.sleep(millisPerMessage);
            } catch (Exception e) {
                // broker gone: try again in a moment with the same message
                closeQuietly(connection);
                connection = null;
                channel = null;
                Ports.sleep(200);
            }
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close(1000);
        } catch (Exception ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            sender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
