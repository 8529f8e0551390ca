package io.sluice.connectors.nsq;

import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Output;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.tls.Tls;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code nsq} output: PUB (one message) or MPUB (a run of messages to the same topic) to one nsqd,
 * waiting for nsqd's {@code OK}. Concurrent writes are pipelined on the one connection.
 */
final class NsqOutput implements Output {

    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        return ComponentSpec.output("nsq")
                .summary("Publishes messages to an NSQ topic.")
                .description("A write completes once nsqd has answered OK, so an acknowledged message is on nsqd.")
                .categories("Services")
                .fields(
                        FieldSpec.string("nsqd_tcp_address").description("The TCP address of the nsqd to publish to.").example("127.0.0.1:4150"),
                        FieldSpec.string("topic").interpolated().description("The topic to publish to, interpolated per message."),
                        FieldSpec.string("user_agent").optional().description("The user agent sent to nsqd when identifying."),
                        ConnectorFields.tls(),
                        ConnectorFields.maxInFlight(64, "nsqd"));
    }

    public static Output create(Conf conf, ComponentContext ctx) throws Exception {
        return new NsqOutput(conf, ctx);
    }

    private final ComponentContext ctx;
    private final String address;
    private final Interpolation topic;
    private final String userAgent;
    private final SSLContext tls;
    private final int maxInFlight;
    private NsqConnection conn;

    NsqOutput(Conf conf, ComponentContext ctx) throws Exception {
        this.ctx = ctx;
        this.address = conf.string("nsqd_tcp_address");
        if (address == null || address.isBlank()) throw conf.invalid("nsqd_tcp_address", "an nsqd address is required");
        this.topic = conf.interpolation("topic");
        if (topic.isStatic() && !NsqProtocol.isValidName(topic.render(new Batch(), 0))) {
            throw conf.invalid("topic", "invalid NSQ topic name '" + topic + "'");
        }
        this.userAgent = conf.string("user_agent");
        this.tls = Tls.sslContextOrNull(conf.child("tls"));
        this.maxInFlight = ConnectorFields.maxInFlight(conf);
    }

    @Override
    public int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public synchronized void connect() throws Exception {
        if (conn != null && conn.isOpen()) return;
        ctx.log().info("nsq: connecting to nsqd {}", address);
        NsqConnection c;
        try {
            c = NsqConnection.open(address, userAgent, tls, ctx.log());
        } catch (IOException e) {
            throw new IOException("nsq: " + e.getMessage() + " (check field 'nsqd_tcp_address')", e);
        }
        c.start(m -> { }, () -> { });
        conn = c;
        ctx.log().info("nsq: connected to nsqd {}", address);
    }

    private synchronized NsqConnection connection() throws NotConnectedException {
        if (conn != null && conn.isOpen()) return conn;
        try {
            connect();
            return conn;
        } catch (Exception e) {
            throw new NotConnectedException(e.getMessage(), e);
        }
    }

    @Override
    public void write(Batch batch) throws Exception {
        NsqConnection c = connection();
        List<CompletableFuture<NsqProtocol.Frame>> answers = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        int i = 0;
        while (i < batch.size()) {
            String t = topic.render(batch, i);
            List<byte[]> run = new ArrayList<>();
            while (i < batch.size() && (run.isEmpty() || topic.render(batch, i).equals(t))) {
                run.add(batch.get(i).bytes());
                i++;
            }
            topics.add(t);
            answers.add(c.request(run.size() == 1 ? NsqProtocol.pub(t, run.get(0)) : NsqProtocol.mpub(t, run)));
        }
        for (int k = 0; k < answers.size(); k++) {
            NsqProtocol.Frame f;
            try {
                f = answers.get(k).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new NotConnectedException("nsq: connection to " + address + " failed while publishing: " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                c.close();
                throw new NotConnectedException("nsq: nsqd " + address + " did not answer a publish within 10s");
            }
            if (f.type() == NsqProtocol.FRAME_ERROR) {
                throw new IOException("nsq: nsqd refused the publish to topic '" + topics.get(k) + "' (field 'topic'): " + f.text());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (conn != null) conn.close();
        conn = null;
    }
}
