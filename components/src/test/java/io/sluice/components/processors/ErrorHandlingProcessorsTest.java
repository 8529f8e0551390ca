package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.sluice.components.processors.Harness.errors;
import static io.sluice.components.processors.Harness.erroredPart;
import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;

/** catch and try: how the error flag set by one processor steers the ones after it. */
class ErrorHandlingProcessorsTest {
    private final Harness h = new Harness();

    // ---- catch ----

    @Test
    void catchRunsOnlyOnFlaggedMessagesAndClearsTheirFlags() throws Exception {
        Processor p = h.processor("""
                catch:
                  - append: { suffix: "-caught" }
                """);
        List<Batch> out = run(p, Batch.of(Part.of("ok"), erroredPart("bad", "boom")));
        assertThat(flatTexts(out)).containsExactly("ok", "bad-caught");
        assertThat(errors(out)).containsExactly(null, null);
    }

    @Test
    void catchChildrenSeeTheErrorMessage() throws Exception {
        Processor p = h.processor("""
                catch:
                  - insert_part: { index: 0, content: 'reason: ${! error() }' }
                """);
        assertThat(flatTexts(run(p, Batch.of(erroredPart("bad", "disk full"))))).containsExactly("reason: disk full", "bad");
    }

    @Test
    void aMessageStaysCaughtForTheWholeListEvenIfAChildClearsItsFlag() throws Exception {
        Processor p = h.processor("""
                catch:
                  - catch: []
                  - append: { suffix: "-still-caught" }
                """);
        assertThat(flatTexts(run(p, Batch.of(erroredPart("bad", "boom"))))).containsExactly("bad-still-caught");
    }

    @Test
    void catchKeepsBatchOrderAndDropsWhatItsChildrenDrop() throws Exception {
        Processor p = h.processor("""
                catch:
                  - drop_if: { contains: "drop" }
                """);
        Batch in = Batch.of(Part.of("a"), erroredPart("drop-me", "x"), Part.of("c"), erroredPart("keep", "y"));
        assertThat(flatTexts(run(p, in))).containsExactly("a", "c", "keep");
    }

    @Test
    void anEmptyCatchOnlyClearsFlags() throws Exception {
        List<Batch> out = run(h.processor("catch: []"), Batch.of(erroredPart("bad", "boom")));
        assertThat(errors(out)).containsExactly((String) null);
    }

    @Test
    void aNewErrorInsideCatchIsClearedOnTheWayOut() throws Exception {
        Processor p = h.processor("""
                catch:
                  - fail_if: { message: "second failure" }
                """);
        assertThat(errors(run(p, Batch.of(erroredPart("bad", "first"))))).containsExactly((String) null);
    }

    // ---- try ----

    @Test
    void trySkipsTheRestOfItsListForAMessageOnceItFails() throws Exception {
        Processor p = h.processor("""
                try:
                  - append: { suffix: "-1" }
                  - fail_if: { contains: "bad", message: "step two failed" }
                  - append: { suffix: "-3" }
                """);
        List<Batch> out = run(p, Batch.ofTexts("good", "bad"));
        assertThat(flatTexts(out)).containsExactly("good-1-3", "bad-1");
        assertThat(errors(out)).containsExactly(null, "step two failed");
    }

    @Test
    void tryDoesNotRunOnMessagesThatFailedBeforeIt() throws Exception {
        Processor p = h.processor("try:\n  - append: { suffix: \"-x\" }");
        List<Batch> out = run(p, Batch.of(erroredPart("bad", "earlier"), Part.of("good")));
        assertThat(flatTexts(out)).containsExactly("bad", "good-x");
        assertThat(errors(out)).containsExactly("earlier", null);
    }

    @Test
    void tryThenCatchHandlesExactlyTheFailedMessages() throws Exception {
        Processor tryThenCatch = h.processor("""
                for_each:
                  - try:
                      - fail_if: { contains: "bad", message: "rejected" }
                      - append: { suffix: "-processed" }
                  - catch:
                      - insert_part: { index: -1, content: 'dead letter: ${! error() }' }
                """);
        List<Batch> out = run(tryThenCatch, Batch.ofTexts("good", "bad"));
        assertThat(flatTexts(out)).containsExactly("good-processed", "bad", "dead letter: rejected");
        assertThat(errors(out)).containsOnlyNulls();
    }

    @Test
    void aTryNestedInACatchRunsOnlyAfterAnEmptyCatchClearedTheFlag() throws Exception {
        Processor withoutClear = h.processor("""
                catch:
                  - try:
                      - append: { suffix: "-retried" }
                """);
        Processor withClear = h.processor("""
                catch:
                  - catch: []
                  - try:
                      - append: { suffix: "-retried" }
                """);
        assertThat(flatTexts(run(withoutClear, Batch.of(erroredPart("bad", "boom"))))).containsExactly("bad");
        assertThat(flatTexts(run(withClear, Batch.of(erroredPart("bad", "boom"))))).containsExactly("bad-retried");
    }

    @Test
    void tryWithMessagesSplitInsideChecksEachResultingBatch() throws Exception {
        Processor p = h.processor("""
                try:
                  - explode: {}
                  - fail_if: { contains: "x" }
                  - append: { suffix: "!" }
                """);
        // explode turns one message into a batch of several; the batch stops when its first message failed.
        List<Batch> out = run(p, Batch.ofTexts("a,b", "x,c"));
        assertThat(flatTexts(out)).containsExactly("a!", "b!", "x", "c");
        assertThat(Arrays.asList(errors(out).get(2) != null, errors(out).get(3) != null)).containsExactly(true, false);
    }
}
