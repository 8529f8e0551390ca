package io.sluice.gateway;

import io.sluice.gateway.support.ApiDocs;
import io.sluice.gateway.support.RunningGateway;
import io.sluice.gateway.support.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Reloads while clients hammer an unchanged API (keyed and keyless): not one request may fail. */
class ReloadUnderLoadTest {

    @TempDir
    Path apps;

    @Test
    void reloadsDropNothing() throws Exception {
        try (TestUpstream upstream = new TestUpstream();
             RunningGateway gateway = RunningGateway.start(apps,
                     ApiDocs.keyless("steady", "/steady/", upstream.url()),
                     ApiDocs.keyless("keyed", "/keyed/", upstream.url()).authToken())) {
            String key = gateway.createKey("{}");
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger done = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                boolean keyed = c % 2 == 0;
                clients.add(Thread.ofPlatform().start(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> response = keyed
                                    ? gateway.get("/keyed/x", "Authorization", key)
                                    : gateway.get("/steady/x?n=" + done.get());
                            if (response.statusCode() != 200) {
                                failures.add(response.statusCode() + " " + response.body());
                            }
                        } catch (RuntimeException e) {
                            failures.add(e.toString());
                        }
                        done.incrementAndGet();
                    }
                }));
            }
            for (int i = 0; i < 15; i++) {
                // Add, change and remove another API between reloads; the steady ones stay as they are.
                Path churn = apps.resolve("churn.json");
                if (i % 3 == 2) {
                    Files.deleteIfExists(churn);
                } else {
                    Files.writeString(churn, ApiDocs.keyless("churn", "/churn-" + i + "/", upstream.url()).json());
                }
                gateway.reload();
                Thread.sleep(60);
            }
            running.set(false);
            for (Thread client : clients) {
                client.join();
            }
            assertThat(failures).isEmpty();
            assertThat(done.get()).isGreaterThan(100);
        }
    }
}
