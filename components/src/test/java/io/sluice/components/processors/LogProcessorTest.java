package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.Conf;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogProcessorTest {
    private final Harness h = new Harness();
    private final List<Event> events = new ArrayList<>();

    private record Event(Level level, String message, Map<String, Object> fields) {
    }

    private LogProcessor log(String yaml) throws Exception {
        Conf conf = h.typeConf(yaml);
        return LogProcessor.create(conf, ComponentContext.of(conf), (level, message, fields) -> events.add(new Event(level, message, fields)));
    }

    @Test
    void logsOneInterpolatedEventPerMessageAndLeavesMessagesUnchanged() throws Exception {
        Batch in = Batch.of(Part.of("{\"id\":1}"), Part.of("{\"id\":2}"));
        assertThat(run(log("log:\n  level: WARN\n  message: 'id ${! this.id }'"), in)).containsExactly(in);
        assertThat(events).extracting(Event::level, Event::message)
                .containsExactly(Tuple.tuple(Level.WARN, "id 1"), Tuple.tuple(Level.WARN, "id 2"));
        assertThat(in.get(0).text()).isEqualTo("{\"id\":1}");
    }

    @Test
    void acceptsTheLevelInAnyCaseAndDefaultsToInfo() throws Exception {
        run(log("log:\n  level: debug\n  message: x"), Batch.ofTexts("a"));
        run(log("log:\n  message: y"), Batch.ofTexts("a"));
        assertThat(events).extracting(Event::level).containsExactly(Level.DEBUG, Level.INFO);
    }

    @Test
    void rejectsAnUnknownLevel() {
        assertThatThrownBy(() -> log("log:\n  level: FATAL"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("log level not recognised: FATAL");
    }

    @Test
    void addsTheFieldsTheFieldsMappingProduces() throws Exception {
        run(log("""
                log:
                  message: hello
                  fields_mapping: |
                    root.id = this.id
                    root.topic = @topic
                """), Batch.of(Part.of("{\"id\":\"x1\"}").setMeta("topic", "orders")));
        assertThat(events).singleElement().satisfies(e -> assertThat(e.fields()).containsExactly(
                Map.entry("id", "x1"), Map.entry("topic", "orders")));
    }

    @Test
    void skipsTheEventWhenTheFieldsMappingFailsOrYieldsNoObject() throws Exception {
        run(log("log:\n  message: hello\n  fields_mapping: root = throw(\"nope\")"), Batch.ofTexts("a"));
        run(log("log:\n  message: hello\n  fields_mapping: root = \"text\""), Batch.ofTexts("a"));
        assertThat(events).isEmpty();
    }

    @Test
    void deprecatedFieldsAreInterpolatedAndWinOverTheMapping() throws Exception {
        run(log("""
                log:
                  message: hello
                  fields_mapping: 'root.who = "mapping"'
                  fields:
                    who: '${! content() }'
                """), Batch.ofTexts("field"));
        assertThat(events.get(0).fields()).containsEntry("who", "field");
    }
}
