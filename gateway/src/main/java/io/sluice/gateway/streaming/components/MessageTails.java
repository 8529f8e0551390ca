package io.sluice.gateway.streaming.components;

import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sampled tail of what each stream's {@code http_server} outputs publish, for status pages (the dashboard shows it
 * beside the connector states): at most {@link #SAMPLES_PER_SECOND} messages a second are kept, the newest
 * {@link #KEPT} per stream, each cut to {@link #MAX_CHARS} characters. Sampling costs a clock read per batch, so a busy
 * stream pays nearly nothing. A host hands one instance to components as a service; without it nothing is sampled.
 */
public final class MessageTails {

    public static final int KEPT = 10;
    public static final int SAMPLES_PER_SECOND = 4;
    public static final int MAX_CHARS = 300;

    /** One sampled message: its number in the stream's output, when it was published (ISO-8601) and its text. */
    public record Sample(long sequence, String at, String text) {
    }

    private final Map<String, Tail> tails = new ConcurrentHashMap<>();

    /** The tail of {@code stream}, created on first use. */
    Tail open(String stream) {
        return tails.computeIfAbsent(stream, s -> new Tail());
    }

    /** Forgets {@code stream}'s tail (its output closed) unless a newer output took it over. */
    void close(String stream, Tail tail) {
        tails.remove(stream, tail);
    }

    /** The newest samples of {@code stream}, oldest first; empty when it has none. */
    public List<Sample> recent(String stream) {
        Tail tail = tails.get(stream);
        return tail == null ? List.of() : tail.snapshot();
    }

    /** One stream's samples. */
    static final class Tail {
        private final Deque<Sample> samples = new ArrayDeque<>(KEPT);
        private long sequence;
        private long windowStart;
        private int inWindow;

        void record(Batch batch) {
            long now = System.currentTimeMillis();
            synchronized (this) {
                if (now - windowStart >= 1000) {
                    windowStart = now;
                    inWindow = 0;
                }
                for (Part part : batch) {
                    sequence++;
                    if (inWindow >= SAMPLES_PER_SECOND) {
                        continue;
                    }
                    inWindow++;
                    if (samples.size() == KEPT) {
                        samples.removeFirst();
                    }
                    samples.addLast(new Sample(sequence, Instant.ofEpochMilli(now).toString(), text(part.bytes())));
                }
            }
        }

        synchronized List<Sample> snapshot() {
            return List.copyOf(samples);
        }

        private static String text(byte[] bytes) {
            String text = new String(bytes, 0, Math.min(bytes.length, MAX_CHARS * 4), StandardCharsets.UTF_8);
            return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "…" : text;
        }
    }
}
