package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Splits a batch into one batch per distinct value of an interpolated string. */
final class GroupByValueProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("group_by_value")
            .categories("Composition")
            .summary("Splits a batch into one batch per distinct value of an interpolated string.")
            .description("""
                    Messages whose `value` renders the same go into the same batch; the batches come out in the order \
                    their first message arrived. Later processors and the output then see each group as a batch of its \
                    own, e.g. to write each tenant's messages as one request. `split` breaks groups into single messages again.""")
            .fields(FieldSpec.string("value").interpolated()
                    .description("What messages are grouped by, interpolated per message.")
                    .example("${! @kafka_key }", "${! this.tenant }/${! this.region }"))
            .example("One request per tenant", "Each batch of 100 messages is regrouped by tenant, so every tenant's messages "
                    + "reach the HTTP output together.", """
                    input:
                      kafka:
                        addresses: [ 127.0.0.1:9092 ]
                        topics: [ events ]
                        consumer_group: per-tenant
                        batching:
                          count: 100
                          period: 1s
                    pipeline:
                      processors:
                        - group_by_value:
                            value: ${! this.tenant }
                    output:
                      http_client:
                        url: http://ingest.internal:8080/tenants/${! this.tenant }/events
                        verb: POST
                        batch_as_multipart: true
                    """);

    private final Interpolation value;

    GroupByValueProcessor(Interpolation value) {
        this.value = value;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws ConfigException {
        return new GroupByValueProcessor(conf.interpolation("value"));
    }

    @Override
    public List<Batch> process(Batch batch) {
        Map<String, Batch> groups = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            groups.computeIfAbsent(value.render(batch, i), k -> new Batch()).add(batch.get(i));
        }
        return new ArrayList<>(groups.values());
    }

    /** Only computes (no I/O, no waiting): the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
