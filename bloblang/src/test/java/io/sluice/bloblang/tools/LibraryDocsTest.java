package io.sluice.bloblang.tools;

import io.sluice.bloblang.lib.Library;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LibraryDocsTest {

    private static final Library LIB = Library.standard();

    @Test
    void signatureTypesAndDefaultsComeFromTheSpec() {
        String range = LibraryDocs.markdown(LIB, "range").orElseThrow();
        assertThat(range)
                .startsWith("#### `range`")
                .contains("range(start: integer, stop: integer, step: integer = 1)")
                .contains("- `step` (integer, default `1`): ")
                .contains("# in:  {\"last_page\":5}\n# out: {\"pages\":[1,2,3,4,5]}");
    }

    @Test
    void optionalLiteralOnlyAndStatusAreMarked() {
        assertThat(LibraryDocs.markdown(LIB, "random_int").orElseThrow())
                .contains("- `min` (integer, default `0`, literal only): ")
                .contains("(An example of the output; yours will differ.)");
        assertThat(LibraryDocs.markdown(LIB, ".ts_format").orElseThrow())
                .contains(".ts_format(format: string = \"2006-01-02T15:04:05.999999999Z07:00\", tz: string?)")
                .contains("- `tz` (string, optional): ")
                .contains("*Beta: ");
        assertThat(LibraryDocs.markdown(LIB, ".format_timestamp").orElseThrow())
                .contains("*Deprecated: ")
                .contains("Use `ts_format` instead.");
    }

    @Test
    void theWholeReferenceGroupsByCategoryAndLeavesHiddenEntriesOut() {
        String all = LibraryDocs.markdown(LIB);
        assertThat(all).contains("## Functions", "## Methods", "### String Manipulation", "#### `.uppercase`", "#### `uuid_v4`");
        assertThat(all).doesNotContain("#### `nothing`", "#### `.re_replace`", "#### `var`");
        assertThat(all.indexOf("## Functions")).isLessThan(all.indexOf("## Methods"));
    }

    @Test
    void unknownNamesGiveNothing() {
        assertThat(LibraryDocs.markdown(LIB, "no_such_function")).isEmpty();
        assertThat(LibraryDocs.markdown(LIB, ".no_such_method")).isEmpty();
    }
}
