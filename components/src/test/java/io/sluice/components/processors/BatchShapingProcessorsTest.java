package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static io.sluice.components.processors.Harness.run;
import static io.sluice.components.processors.Harness.texts;
import static org.assertj.core.api.Assertions.assertThat;

/** noop, bounds_check, insert_part, select_parts and split: processors that reshape batches. */
class BatchShapingProcessorsTest {
    private final Harness h = new Harness();

    private static Batch batch(String csv) {
        return Batch.ofTexts(csv.isEmpty() ? new String[0] : csv.split(","));
    }

    private static List<String> list(String csv) {
        return csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }

    @Test
    void noopPassesTheBatchOnUntouched() throws Exception {
        Batch in = Batch.ofTexts("a", "b");
        assertThat(run(h.processor("noop: {}"), in)).containsExactly(in);
    }

    // ---- bounds_check ----

    @ParameterizedTest(name = "{0}: {1} -> kept={2}")
    @CsvSource(delimiter = '|', value = {
            "min_parts: 2          | a       | false",
            "min_parts: 2          | a,b     | true",
            "max_parts: 2          | a,b,c   | false",
            "min_part_size: 2      | aa,b    | false",
            "max_part_size: 2      | aa,bbb  | false",
            "max_part_size: 3      | aa,bbb  | true",
    })
    void boundsCheckDropsTheWholeBatchWhenAnyBoundIsBroken(String config, String messages, boolean kept) throws Exception {
        List<Batch> out = run(h.processor("bounds_check:\n  " + config), batch(messages));
        assertThat(out).hasSize(kept ? 1 : 0);
    }

    @Test
    void boundsCheckByDefaultDropsEmptyMessages() throws Exception {
        assertThat(run(h.processor("bounds_check: {}"), Batch.ofTexts("a", ""))).isEmpty();
    }

    // ---- insert_part ----

    @ParameterizedTest(name = "index {0} into [a,b,c] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "0   | new,a,b,c",
            "1   | a,new,b,c",
            "3   | a,b,c,new",
            "10  | a,b,c,new",
            "-1  | a,b,c,new",
            "-2  | a,b,new,c",
            "-4  | new,a,b,c",
            "-10 | new,a,b,c",
    })
    void insertPartPlacesTheNewMessageAtTheIndex(int index, String expected) throws Exception {
        Processor p = h.processor("insert_part:\n  index: " + index + "\n  content: new");
        assertThat(texts(run(p, batch("a,b,c")))).containsExactly(list(expected));
    }

    @Test
    void insertPartCopiesMetadataOfTheFirstMessageAndInterpolatesAgainstIt() throws Exception {
        Part first = Part.of("{\"id\":7}").setMeta("topic", "t1");
        Processor p = h.processor("insert_part:\n  index: -1\n  content: 'id=${! this.id } from ${! @topic }'");
        Batch out = run(p, Batch.of(first, Part.of("{\"id\":8}"))).get(0);
        assertThat(out.get(2).text()).isEqualTo("id=7 from t1");
        assertThat(out.get(2).metadata()).containsEntry("topic", "t1");
    }

    // ---- select_parts ----

    @ParameterizedTest(name = "parts {0} of [0,1,2,3] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "[2, 0, 1]   | 2,0,1",
            "[-1, -4]    | 3,0",
            "[0, 9, -9]  | 0",
            "[1, 1]      | 1,1",
    })
    void selectPartsPicksByIndexInListOrder(String parts, String expected) throws Exception {
        Processor p = h.processor("select_parts:\n  parts: " + parts);
        assertThat(texts(run(p, batch("0,1,2,3")))).containsExactly(list(expected));
    }

    @Test
    void selectPartsDropsTheBatchWhenNothingIsSelected() throws Exception {
        assertThat(run(h.processor("select_parts:\n  parts: [5]"), batch("a,b"))).isEmpty();
    }

    @Test
    void selectPartsGivesEachSelectionItsOwnCopy() throws Exception {
        Batch out = run(h.processor("select_parts:\n  parts: [0, 0]"), batch("a")).get(0);
        out.get(0).setText("changed");
        assertThat(out.get(1).text()).isEqualTo("a");
    }

    // ---- split ----

    @ParameterizedTest(name = "{0} over {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "size: 1                 | a,b,c       | [a] [b] [c]",
            "size: 2                 | a,b,c,d,e   | [a, b] [c, d] [e]",
            "size: 0, byte_size: 3   | aa,b,cc,d   | [aa, b] [cc, d]",
            "size: 5, byte_size: 2   | aaaa,b,c    | [aaaa] [b, c]",
            "size: 2, byte_size: 10  | a,b,c       | [a, b] [c]",
    })
    void splitBreaksBatchesByCountOrBytesWhicheverComesFirst(String config, String messages, String expected) throws Exception {
        List<Batch> out = run(h.processor("split: { " + config + " }"), batch(messages));
        assertThat(String.join(" ", texts(out).stream().map(List::toString).toList())).isEqualTo(expected);
    }
}
