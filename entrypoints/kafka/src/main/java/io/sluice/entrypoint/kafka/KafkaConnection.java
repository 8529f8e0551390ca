package io.sluice.entrypoint.kafka;

import io.sluice.gateway.EntrypointTopics;
import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.apidef.CredentialSource;
import io.sluice.gateway.apidef.SecurityScheme;
import io.sluice.gateway.services.GatewayServices;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslAuthenticateResponse;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.apache.kafka.common.requests.SaslHandshakeResponse;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One Kafka client connection: size-prefixed requests, answered one after the other in the order they came (Kafka
 * clients match answers by correlation id but expect them in order). Until SASL/PLAIN succeeded only ApiVersions and
 * the SASL requests are answered; anything else closes the connection.
 */
final class KafkaConnection {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaConnection.class);
    private static final int MAX_REQUEST_BYTES = 16 << 20;
    private static final int PARTITION = 0;
    private static final int NODE = 0;

    /** What this slice answers, capped at the versions that still name topics (newer ones use topic ids only). */
    private static final Map<ApiKeys, short[]> SUPPORTED = Map.of(
            ApiKeys.API_VERSIONS, new short[] {0, 3},
            ApiKeys.SASL_HANDSHAKE, new short[] {0, 1},
            ApiKeys.SASL_AUTHENTICATE, new short[] {0, 2},
            ApiKeys.METADATA, new short[] {0, 12},
            ApiKeys.PRODUCE, new short[] {3, 12},
            ApiKeys.FETCH, new short[] {4, 12},
            ApiKeys.LIST_OFFSETS, new short[] {1, 8});

    private final KafkaEntrypoint entrypoint;
    private final NetSocket socket;
    private Future<?> previous = Future.succeededFuture();
    private String key;
    private boolean closed;

    KafkaConnection(KafkaEntrypoint entrypoint, NetSocket socket) {
        this.entrypoint = entrypoint;
        this.socket = socket;
    }

    void start() {
        RecordParser frames = RecordParser.newFixed(4);
        frames.handler(new Handler<>() {
            int size = -1;

            @Override
            public void handle(Buffer chunk) {
                if (size < 0) {
                    size = chunk.getInt(0);
                    if (size <= 0 || size > MAX_REQUEST_BYTES) {
                        close("request size " + size + " out of bounds");
                        return;
                    }
                    frames.fixedSizeMode(size);
                } else {
                    size = -1;
                    frames.fixedSizeMode(4);
                    ByteBuffer bytes = ByteBuffer.wrap(chunk.getBytes());
                    previous = previous.transform(ignored -> serve(bytes));
                }
            }
        });
        socket.handler(frames);
        socket.closeHandler(v -> closed = true);
        socket.exceptionHandler(e -> LOG.debug("Kafka client {}: {}", socket.remoteAddress(), e.toString()));
    }

    private void close(String why) {
        LOG.debug("Kafka client {}: closing: {}", socket.remoteAddress(), why);
        closed = true;
        socket.close();
    }

    private Future<Void> serve(ByteBuffer buffer) {
        if (closed) return Future.succeededFuture();
        RequestContext context;
        AbstractRequest request;
        try {
            RequestHeader header = RequestHeader.parse(buffer);
            context = new RequestContext(header, "sluice", remote(), KafkaPrincipal.ANONYMOUS,
                    ListenerName.forSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT), SecurityProtocol.SASL_PLAINTEXT, ClientInformation.EMPTY, false);
            request = context.parseRequest(buffer).request;
        } catch (RuntimeException e) {
            close("unreadable request: " + e.getMessage());
            return Future.succeededFuture();
        }
        ApiKeys api = context.header.apiKey();
        if (key == null && api != ApiKeys.API_VERSIONS && api != ApiKeys.SASL_HANDSHAKE && api != ApiKeys.SASL_AUTHENTICATE) {
            close(api + " before authentication");
            return Future.succeededFuture();
        }
        Future<AbstractResponse> response = switch (request) {
            case ApiVersionsRequest r -> Future.succeededFuture(apiVersions());
            case SaslHandshakeRequest r -> Future.succeededFuture(new SaslHandshakeResponse(new SaslHandshakeResponseData()
                    .setErrorCode(r.data().mechanism().equals("PLAIN") ? Errors.NONE.code() : Errors.UNSUPPORTED_SASL_MECHANISM.code())
                    .setMechanisms(List.of("PLAIN"))));
            case SaslAuthenticateRequest r -> authenticate(r.data().authBytes());
            case MetadataRequest r -> Future.succeededFuture(metadata(r.data(), context.apiVersion()));
            case ProduceRequest r -> produce(r.data());
            case ListOffsetsRequest r -> Future.succeededFuture(listOffsets(r.data()));
            case FetchRequest r -> fetch(r.data());
            default -> Future.succeededFuture(request.getErrorResponse(0, Errors.UNSUPPORTED_VERSION.exception()));
        };
        boolean answer = !(request instanceof ProduceRequest p && p.acks() == 0);
        return response.map(r -> {
            if (answer && !closed) {
                ByteBuffer out = context.buildResponseEnvelopePayload(r);
                Buffer frame = Buffer.buffer(out.remaining() + 4).appendInt(out.remaining());
                byte[] bytes = new byte[out.remaining()];
                out.get(bytes);
                socket.write(frame.appendBytes(bytes));
            }
            if (r instanceof SaslAuthenticateResponse s && s.data().errorCode() != Errors.NONE.code()) {
                close("authentication failed");
            }
            return null;
        });
    }

    private InetAddress remote() {
        try {
            return InetAddress.getByName(socket.remoteAddress().host());
        } catch (Exception e) {
            return InetAddress.getLoopbackAddress();
        }
    }

    private static ApiVersionsResponse apiVersions() {
        ApiVersionsResponseData.ApiVersionCollection versions = new ApiVersionsResponseData.ApiVersionCollection();
        SUPPORTED.forEach((api, range) -> versions.add(new ApiVersionsResponseData.ApiVersion()
                .setApiKey(api.id).setMinVersion(range[0]).setMaxVersion(range[1])));
        return new ApiVersionsResponse(new ApiVersionsResponseData().setErrorCode(Errors.NONE.code()).setApiKeys(versions));
    }

    /** SASL/PLAIN: {@code [authzid] NUL user NUL password}; the password is the API key. */
    private Future<AbstractResponse> authenticate(byte[] auth) {
        String text = new String(auth, StandardCharsets.UTF_8);
        String[] parts = text.split("\u0000", -1);
        String password = parts.length == 3 ? parts[2] : "";
        if (password.isEmpty()) return Future.succeededFuture(saslFailed());
        GatewayServices services = entrypoint.gateway().services();
        return services.sessions().findFirst(services.hasher().lookupIds(password, "")).map(found -> {
            if (found.isEmpty()) return saslFailed();
            key = password;
            return new SaslAuthenticateResponse(new SaslAuthenticateResponseData().setErrorCode(Errors.NONE.code()).setAuthBytes(new byte[0]));
        });
    }

    private static AbstractResponse saslFailed() {
        return new SaslAuthenticateResponse(new SaslAuthenticateResponseData().setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code())
                .setErrorMessage("Authentication failed: the password must be an API key of this gateway").setAuthBytes(new byte[0]));
    }

    private MetadataResponse metadata(MetadataRequestData data, short version) {
        Map<String, EntrypointTopics.Topic> topics = entrypoint.allTopics();
        MetadataResponseData out = new MetadataResponseData().setClusterId("sluice").setControllerId(NODE);
        out.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(NODE)
                .setHost(entrypoint.advertisedHost()).setPort(entrypoint.port()));
        List<String> names = data.topics() == null ? List.copyOf(topics.keySet())
                : data.topics().stream().map(MetadataRequestData.MetadataRequestTopic::name).toList();
        for (String name : names) {
            MetadataResponseData.MetadataResponseTopic topic = new MetadataResponseData.MetadataResponseTopic()
                    .setName(name).setTopicId(topicId(name)).setIsInternal(false);
            if (topics.containsKey(name)) {
                topic.setErrorCode(Errors.NONE.code()).partitions().add(new MetadataResponseData.MetadataResponsePartition()
                        .setPartitionIndex(PARTITION).setLeaderId(NODE).setLeaderEpoch(-1)
                        .setReplicaNodes(List.of(NODE)).setIsrNodes(List.of(NODE)).setOfflineReplicas(List.of()));
            } else {
                topic.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            }
            out.topics().add(topic);
        }
        return new MetadataResponse(out, version);
    }

    /** A stable id per topic name, for the Metadata versions that carry ids. */
    private static Uuid topicId(String name) {
        UUID u = UUID.nameUUIDFromBytes(("sluice-topic:" + name).getBytes(StandardCharsets.UTF_8));
        return new Uuid(u.getMostSignificantBits(), u.getLeastSignificantBits());
    }

    // ---- produce: each record is one POST into the stream's input, in order

    private Future<AbstractResponse> produce(ProduceRequestData data) {
        ProduceResponseData out = new ProduceResponseData();
        Future<Void> chain = Future.succeededFuture();
        for (ProduceRequestData.TopicProduceData topic : data.topicData()) {
            ProduceResponseData.TopicProduceResponse topicOut = new ProduceResponseData.TopicProduceResponse().setName(topic.name());
            out.responses().add(topicOut);
            Optional<EntrypointTopics.Topic> target = entrypoint.resolve(topic.name()).filter(stream -> !stream.access().posts().isEmpty());
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                ProduceResponseData.PartitionProduceResponse p = new ProduceResponseData.PartitionProduceResponse()
                        .setIndex(partition.index()).setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1);
                topicOut.partitionResponses().add(p);
                if (target.isEmpty() || partition.index() != PARTITION) {
                    p.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                List<byte[]> values = new ArrayList<>();
                for (Record record : ((MemoryRecords) partition.records()).records()) {
                    ByteBuffer v = record.value();
                    byte[] bytes = new byte[v == null ? 0 : v.remaining()];
                    if (v != null) v.get(bytes);
                    values.add(bytes);
                }
                for (byte[] value : values) {
                    chain = chain.compose(v -> p.errorCode() != Errors.NONE.code() ? Future.succeededFuture()
                            : post(target.get(), value).map(status -> {
                                p.setErrorCode(errorOf(status).code());
                                return null;
                            }));
                }
            }
        }
        return chain.map(v -> (AbstractResponse) new ProduceResponse(out));
    }

    private Future<Integer> post(EntrypointTopics.Topic target, byte[] body) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(target.path(target.access().posts()));
        options.setHeaders(credential(target.api()));
        return entrypoint.http().request(options).compose(r -> r.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(b -> response.statusCode()))
                .otherwise(503);
    }

    private static Errors errorOf(int status) {
        return switch (status) {
            case 200, 201, 202, 204 -> Errors.NONE;
            case 401, 403 -> Errors.TOPIC_AUTHORIZATION_FAILED;
            case 404 -> Errors.UNKNOWN_TOPIC_OR_PARTITION;
            case 429 -> Errors.THROTTLING_QUOTA_EXCEEDED;
            case 413 -> Errors.MESSAGE_TOO_LARGE;
            default -> Errors.UNKNOWN_SERVER_ERROR;
        };
    }

    // ---- offsets and fetch: offsets are the output's message ids

    private ListOffsetsResponse listOffsets(ListOffsetsRequestData data) {
        ListOffsetsResponseData out = new ListOffsetsResponseData();
        for (ListOffsetsRequestData.ListOffsetsTopic topic : data.topics()) {
            ListOffsetsResponseData.ListOffsetsTopicResponse t = new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(topic.name());
            boolean known = entrypoint.resolve(topic.name()).isPresent();
            for (ListOffsetsRequestData.ListOffsetsPartition partition : topic.partitions()) {
                // offset 0 reads from the oldest message the output still retains, whatever was asked
                t.partitions().add(new ListOffsetsResponseData.ListOffsetsPartitionResponse().setPartitionIndex(partition.partitionIndex())
                        .setErrorCode(known && partition.partitionIndex() == PARTITION ? Errors.NONE.code() : Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                        .setOffset(0).setTimestamp(-1));
            }
            out.topics().add(t);
        }
        return new ListOffsetsResponse(out);
    }

    private Future<AbstractResponse> fetch(FetchRequestData data) {
        FetchResponseData out = new FetchResponseData().setErrorCode(Errors.NONE.code()).setSessionId(0);
        List<Future<?>> reads = new ArrayList<>();
        long wait = Math.max(100, Math.min(data.maxWaitMs(), 30_000));
        for (FetchRequestData.FetchTopic topic : data.topics()) {
            FetchResponseData.FetchableTopicResponse t = new FetchResponseData.FetchableTopicResponse().setTopic(topic.topic());
            out.responses().add(t);
            Optional<EntrypointTopics.Topic> target = entrypoint.resolve(topic.topic()).filter(stream -> !stream.access().gets().isEmpty());
            for (FetchRequestData.FetchPartition partition : topic.partitions()) {
                FetchResponseData.PartitionData p = new FetchResponseData.PartitionData().setPartitionIndex(partition.partition())
                        .setHighWatermark(partition.fetchOffset()).setLastStableOffset(partition.fetchOffset()).setLogStartOffset(0)
                        .setRecords(MemoryRecords.EMPTY);
                t.partitions().add(p);
                if (target.isEmpty() || partition.partition() != PARTITION) {
                    p.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                reads.add(next(target.get(), partition.fetchOffset(), wait).map(read -> {
                    p.setErrorCode(read.error().code());
                    if (read.id() >= 0) {
                        p.setRecords(MemoryRecords.withRecords(read.id(), Compression.NONE,
                                new SimpleRecord(System.currentTimeMillis(), null, read.body())));
                        p.setHighWatermark(read.id() + 1).setLastStableOffset(read.id() + 1);
                    }
                    return null;
                }));
            }
        }
        return Future.join(reads).transform(v -> Future.succeededFuture(FetchResponse.of(out)));
    }

    private record Read(long id, byte[] body, Errors error) {
    }

    /**
     * The next message at or after {@code offset}: a GET of the output's next-message endpoint resuming after
     * {@code offset - 1} (offset 0 replays what the output retains), given up after {@code waitMillis}.
     */
    private Future<Read> next(EntrypointTopics.Topic target, long offset, long waitMillis) {
        long after = Math.max(0, offset - 1);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setURI(target.path(target.access().gets()) + "?last_event_id=" + after)
                .setIdleTimeout(waitMillis);
        options.setHeaders(credential(target.api()));
        return entrypoint.http().request(options).compose(r -> r.send())
                .compose(response -> response.body().map(body -> {
                    int status = response.statusCode();
                    String id = response.getHeader("X-Sluice-Last-Event-Id");
                    String type = response.getHeader("Content-Type");
                    if (status == 200 && id != null && (type == null || !type.startsWith("multipart/"))) {
                        return new Read(Long.parseLong(id), body.getBytes(), Errors.NONE);
                    }
                    if (status == 200 || status == 408) return new Read(-1, null, Errors.NONE); // nothing yet
                    return new Read(-1, null, errorOf(status));
                }))
                .otherwise(e -> new Read(-1, null, Errors.NONE)); // waited long enough: an empty answer
    }

    /** The key where the API reads it: its first header source (as Bearer for JWT/OAuth). */
    private MultiMap credential(ApiDefinition api) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (!api.authentication().enabled()) return headers;
        for (SecurityScheme scheme : api.authentication().schemes()) {
            boolean bearer = scheme instanceof SecurityScheme.Jwt || scheme instanceof SecurityScheme.ExternalOAuth;
            for (CredentialSource source : scheme.sources()) {
                if (source.where() == CredentialSource.Where.HEADER) {
                    headers.set(source.name(), (bearer ? "Bearer " : "") + key);
                    return headers;
                }
            }
        }
        return headers;
    }
}
