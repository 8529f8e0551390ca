import java.time.Instant;

/**
 * The tick both baselines of bench/streams publish, as the gateway's generate input does: {@code {"n":<count>,"ts":<epoch
 * ns>}} every {@code intervalMs}, on a fixed schedule (a late tick is sent at once, not skipped).
 */
final class Ticks {

    interface Sink {
        void publish(long id, String json) throws Exception;
    }

    static void every(long intervalMs, Sink sink) throws Exception {
        long n = 0;
        long next = System.nanoTime();
        while (true) {
            next += intervalMs * 1_000_000L;
            long sleep = next - System.nanoTime();
            if (sleep > 0) Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
            Instant now = Instant.now();
            long id = ++n;
            sink.publish(id, "{\"n\":" + id + ",\"ts\":" + (now.getEpochSecond() * 1_000_000_000L + now.getNano()) + "}");
        }
    }

    private Ticks() {
    }
}
