package io.sluice.gateway.analytics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records in memory, oldest dropped first past {@code limit}: for a single gateway without Redis.
 *
 * <p>Kept as columns of a ring (one array per field) rather than as record objects, and with repeated strings (API,
 * key hash, alias, path, ...) kept once: a gateway with analytics on holds up to {@code limit} records for seconds to
 * minutes, and as objects every young collection copied them again (at 20,000 requests/s, 100,000 records made young
 * pauses 8 times longer than without analytics). Columns are a few arrays that stay put in the old generation.
 */
public final class MemoryAnalyticsStore implements AnalyticsStore {

    /** Distinct strings remembered for sharing; past this the table starts again (a high-cardinality path, say). */
    private static final int SHARED_STRINGS = 4_096;

    private final int limit;
    private final Map<String, String> shared = new HashMap<>();
    // The ring: `size` records from `head`, wrapping at the arrays' length (which grows, doubling, up to `limit`).
    private int head;
    private int size;
    private long[] timestamp;
    private String[] apiId;
    private String[] apiName;
    private String[] orgId;
    private String[] apiKey;
    private String[] alias;
    private String[] method;
    private String[] path;
    private int[] responseCode;
    private double[] requestTime;
    private double[] upstreamTime;
    private long[] bytesIn;
    private long[] bytesOut;
    private String[] stream;
    private String[] kind;
    private int[] messages;
    private String[] ipAddress;
    private GeoData[] geo;

    public MemoryAnalyticsStore(int limit) {
        this.limit = Math.max(1, limit);
        allocate(Math.min(this.limit, 1_024));
    }

    @Override
    public synchronized void write(List<AnalyticsRecord> batch) {
        for (AnalyticsRecord r : batch) {
            if (size == timestamp.length && size < limit) grow();
            int i;
            if (size == timestamp.length) { // full at the limit: the oldest goes
                i = head;
                head = next(head);
            } else {
                i = slot(size++);
            }
            set(i, r);
        }
    }

    @Override
    public synchronized List<AnalyticsBucket> query(AnalyticsQuery query) {
        List<AnalyticsRecord> records = new ArrayList<>(size);
        for (int n = 0; n < size; n++) records.add(get(slot(n)));
        return AnalyticsStore.bucketed(query, records);
    }

    @Override
    public synchronized void expire(long beforeMillis) {
        // Written in time order (within a flush interval), so the old ones are at the front.
        while (size > 0 && timestamp[head] < beforeMillis) {
            set(head, null);
            head = next(head);
            size--;
        }
    }

    private int slot(int n) {
        int i = head + n;
        return i < timestamp.length ? i : i - timestamp.length;
    }

    private int next(int i) {
        return i + 1 == timestamp.length ? 0 : i + 1;
    }

    /**
     * The one kept copy of {@code s}. Records come in runs from the same API, key and path, so the record written just
     * before in the same column is checked first: an identity or a short equals instead of a hash lookup (which was
     * most of the writer thread's time under load).
     */
    private String share(String s, String[] column, int i) {
        if (s == null) return null;
        String before = column[i == 0 ? column.length - 1 : i - 1];
        if (before != null && (before == s || before.equals(s))) return before;
        String known = shared.get(s);
        if (known != null) return known;
        if (shared.size() >= SHARED_STRINGS) shared.clear();
        shared.put(s, s);
        return s;
    }

    /** Stores a record at {@code i}, or clears the slot when {@code r} is null (so it holds no strings). */
    private void set(int i, AnalyticsRecord r) {
        timestamp[i] = r == null ? 0 : r.timestamp();
        apiId[i] = r == null ? null : share(r.apiId(), apiId, i);
        apiName[i] = r == null ? null : share(r.apiName(), apiName, i);
        orgId[i] = r == null ? null : share(r.orgId(), orgId, i);
        apiKey[i] = r == null ? null : share(r.apiKey(), apiKey, i);
        alias[i] = r == null ? null : share(r.alias(), alias, i);
        method[i] = r == null ? null : share(r.method(), method, i);
        path[i] = r == null ? null : share(r.path(), path, i);
        responseCode[i] = r == null ? 0 : r.responseCode();
        requestTime[i] = r == null ? 0 : r.requestTime();
        upstreamTime[i] = r == null ? 0 : r.upstreamTime();
        bytesIn[i] = r == null ? 0 : r.bytesIn();
        bytesOut[i] = r == null ? 0 : r.bytesOut();
        stream[i] = r == null ? null : share(r.stream(), stream, i);
        kind[i] = r == null ? null : share(r.kind(), kind, i);
        messages[i] = r == null ? 0 : r.messages();
        ipAddress[i] = r == null ? null : share(r.ipAddress(), ipAddress, i);
        geo[i] = r == null ? null : r.geo();
    }

    private AnalyticsRecord get(int i) {
        return new AnalyticsRecord(timestamp[i], apiId[i], apiName[i], orgId[i], apiKey[i], alias[i], method[i], path[i],
                responseCode[i], requestTime[i], upstreamTime[i], bytesIn[i], bytesOut[i], stream[i], kind[i], messages[i],
                ipAddress[i], geo[i]);
    }

    /** Twice the room (at most {@code limit}), the records moved to the front in order. */
    private void grow() {
        int capacity = (int) Math.min(limit, 2L * timestamp.length);
        List<AnalyticsRecord> kept = new ArrayList<>(size);
        for (int n = 0; n < size; n++) kept.add(get(slot(n)));
        allocate(capacity);
        head = 0;
        size = kept.size();
        for (int i = 0; i < size; i++) set(i, kept.get(i));
    }

    private void allocate(int capacity) {
        timestamp = new long[capacity];
        apiId = new String[capacity];
        apiName = new String[capacity];
        orgId = new String[capacity];
        apiKey = new String[capacity];
        alias = new String[capacity];
        method = new String[capacity];
        path = new String[capacity];
        responseCode = new int[capacity];
        requestTime = new double[capacity];
        upstreamTime = new double[capacity];
        bytesIn = new long[capacity];
        bytesOut = new long[capacity];
        stream = new String[capacity];
        kind = new String[capacity];
        messages = new int[capacity];
        ipAddress = new String[capacity];
        geo = new GeoData[capacity];
    }
}
