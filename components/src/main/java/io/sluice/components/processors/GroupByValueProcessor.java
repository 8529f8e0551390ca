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
            .summary("Splits a batch of messages into N batches, where each resulting batch contains a group of messages determined by a function interpolated string evaluated per message.")
            .description("""
                    Messages with the same value end up in the same batch; batches come out in the order their first \
                    message arrived. Use it to group by a field of the content or metadata, then process or route each \
                    group on its own. Follow with a `split` processor to break groups down into single messages.""")
            .fields(FieldSpec.string("value").interpolated()
                    .description("The interpolated string to group based on.")
                    .example("${! meta(\"kafka_key\") }", "${! json(\"foo.bar\") }-${! meta(\"baz\") }"))
            .example("Group by Kafka key", "Archive each key's messages into one file.", """
                    pipeline:
                      processors:
                        - group_by_value:
                            value: ${! meta("kafka_key") }
                        - archive:
                            format: tar
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
}
