package io.sluice.components.io;

import io.sluice.components.io.scanner.LinesScanner;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Transaction;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static io.sluice.testkit.TestKit.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StdinInputTest {

    private static StdinInput over(InputStream in) {
        return new StdinInput(new LinesScanner(null, 65536, false), () -> in);
    }

    @Test
    void eachLineIsAMessageUntilTheStreamEnds() throws Exception {
        StdinInput in = over(new ByteArrayInputStream("one\ntwo\n".getBytes(StandardCharsets.UTF_8)));
        in.connect();

        assertThat(in.read().batch().get(0).text()).isEqualTo("one");
        assertThat(in.read().batch().get(0).text()).isEqualTo("two");
        assertThatThrownBy(in::read).isInstanceOf(EndOfInputException.class);
        assertThatThrownBy(in::read).as("the end stays the end").isInstanceOf(EndOfInputException.class);
    }

    @Test
    void closingReleasesAReadWaitingForInput() throws Exception {
        PipedOutputStream writer = new PipedOutputStream();
        StdinInput in = over(new PipedInputStream(writer));
        in.connect();
        AtomicReference<Object> result = new AtomicReference<>();
        Thread reader = Thread.startVirtualThread(() -> {
            try {
                Transaction tx = in.read();
                result.set(tx);
            } catch (Exception e) {
                result.set(e);
            }
        });
        await("the read to block", Duration.ofSeconds(10),
                () -> reader.getState() == Thread.State.WAITING || reader.getState() == Thread.State.TIMED_WAITING);

        in.close();
        reader.join(2000);

        assertThat(result.get()).isInstanceOf(EndOfInputException.class);
        writer.close();
    }
}
