package io.sluice.gateway.support;

import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Output;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Test-only output {@code test_tcp}: writes each message as a line to {@code address}. Its {@code connect()} opens the
 * socket, so a closed port fails the way a broker that is down does (the gateway's test class path has no connectors).
 */
public final class TcpOutput implements ComponentProvider {

    @Override
    public void register(ComponentRegistry registry) {
        registry.register(ComponentSpec.output("test_tcp").fields(FieldSpec.string("address")), (conf, ctx) -> new Output() {
            final String[] hostPort = conf.string("address").split(":");
            Socket socket;

            @Override
            public synchronized void connect() throws IOException {
                if (socket != null && !socket.isClosed()) {
                    return;
                }
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2000);
                } catch (IOException e) {
                    s.close();
                    throw new IOException("dial tcp " + conf.string("address") + ": " + e.getMessage(), e);
                }
                socket = s;
            }

            @Override
            public synchronized void write(Batch batch) throws Exception {
                if (socket == null || socket.isClosed()) {
                    throw new NotConnectedException("not connected");
                }
                try {
                    OutputStream out = socket.getOutputStream();
                    for (Part p : batch) {
                        out.write(p.bytes());
                        out.write('\n');
                    }
                    out.flush();
                } catch (IOException e) {
                    socket.close();
                    throw new NotConnectedException("connection lost: " + e.getMessage(), e);
                }
            }

            @Override
            public synchronized void close() throws IOException {
                if (socket != null) {
                    socket.close();
                }
            }
        });
    }
}
