package io.sluice.gateway.streaming.edge;

import io.sluice.core.connect.Multipart;
import io.sluice.gateway.streaming.DeliveryGuard;
import io.sluice.gateway.streaming.hub.HubMessage;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A GET of {@code path}: waits up to {@code timeout} for the next batch (the one after {@code last_event_id} when
 * given) and answers with it, a batch of several messages as {@code multipart/mixed}. The id of the last message sent
 * is in {@value #LAST_ID_HEADER}, so a polling client can ask for the next one without gaps or repeats.
 */
final class NextMessageRequest extends ConsumerConnection {
    static final String LAST_ID_HEADER = "X-Sluice-Last-Event-Id";
    private final HttpServerResponse response;
    private long timer = -1;

    NextMessageRequest(OutputEdge edge, Context context, DeliveryGuard.Session session, HttpServerResponse response) {
        super(edge, context, session);
        this.response = response;
    }

    void start(Long resumeAfter) {
        response.closeHandler(v -> transportClosed());
        long ms = Math.max(1, edge.settings().timeout().toMillis());
        timer = context.owner().setTimer(ms, id -> terminate(Ending.TIMEOUT, "Timed out waiting for message"));
        open(resumeAfter);
    }

    @Override
    protected boolean wantsHeartbeat() {
        return false;
    }

    @Override
    protected boolean writable() {
        return true;
    }

    @Override
    protected List<HubMessage> take() {
        List<HubMessage> first = sub.poll(1);
        if (first.isEmpty()) return first;
        HubMessage m = first.getFirst();
        long rest = m.batchLastId() - first.getLast().id();
        if (rest <= 0) return first;
        List<HubMessage> all = new ArrayList<>(first);
        all.addAll(sub.poll((int) rest));
        return all;
    }

    @Override
    protected void deliver(List<HubMessage> batch) {
        context.owner().cancelTimer(timer);
        response.putHeader(LAST_ID_HEADER, Long.toString(batch.getLast().id()));
        if (batch.size() == 1) {
            response.putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(batch.getFirst().body()));
        } else {
            List<Multipart.Section> sections = new ArrayList<>();
            for (HubMessage m : batch) {
                sections.add(new Multipart.Section(List.of(Map.entry("Content-Type", "application/octet-stream")), m.body()));
            }
            Multipart.Body enc = Multipart.write(sections, Multipart.newBoundary(), "mixed");
            response.putHeader("Content-Type", enc.contentType()).end(Buffer.buffer(enc.bytes()));
        }
        terminate(Ending.STREAM_STOPPED, "delivered");
    }

    @Override
    protected void end(Ending why, String reason) {
        context.owner().cancelTimer(timer);
        if (response.ended() || response.closed()) return;
        int status = switch (why) {
            case TIMEOUT -> 408;
            case STREAM_STOPPED -> 503;
            case GUARD -> 403;
            case SLOW_CONSUMER, UNAVAILABLE -> 503;
        };
        OutputEdge.plain(response, status, reason);
    }
}
