package io.sluice.components.processors;

import io.sluice.components.processors.MappingTargets.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MappingTargetsTest {

    private static Target path(String dotted) {
        return new Target(false, dotted.isEmpty() ? List.of() : Arrays.asList(dotted.split("\\.")));
    }

    private static Target meta(String key) {
        return new Target(true, key.isEmpty() ? List.of() : List.of(key));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "root = this.doc                  | doc",
            "root.fooid = this.foo.id         | foo.id",
            "root = json(\"a.b\")             | a.b",
            "root = if this.type == \"x\" {   | type",
            "root = this                      | ''",
    })
    void findsDocumentPathsTheMappingReads(String mapping, String expected) {
        assertThat(MappingTargets.scan(mapping).reads()).contains(path(expected));
    }

    @Test
    void findsMetadataTheMappingReads() {
        assertThat(MappingTargets.scan("root.a = @key\nroot.b = meta(\"other\")\nroot.c = metadata()").reads())
                .containsExactlyInAnyOrder(meta("key"), meta("other"), meta(""));
    }

    @Test
    void findsWhatTheMappingAssigns() {
        MappingTargets t = MappingTargets.scan("""
                # a comment: root.ignored = 1
                meta foo_code = metadata("code")
                root.foo_result = this
                bar.baz = "implicit root"
                let tmp = 3
                """);
        assertThat(t.assigns()).containsExactlyInAnyOrder(meta("foo_code"), path("foo_result"), path("bar.baz"));
        assertThat(t.assignsDocument()).isTrue();
        assertThat(t.assignsWholeDocument()).isFalse();
        assertThat(t.assignedMetadataKeys()).containsExactly("foo_code");
    }

    @Test
    void tellsWholeDocumentAndAllMetadataAssignmentsApart() {
        MappingTargets t = MappingTargets.scan("meta = metadata()\nroot = this");
        assertThat(t.assignsWholeDocument()).isTrue();
        assertThat(t.assignsAllMetadata()).isTrue();
    }

    @Test
    void aComparisonIsNotAnAssignmentAndStringsAreNotMetadata() {
        MappingTargets t = MappingTargets.scan("this.a == \"user@example.com\"");
        assertThat(t.assigns()).isEmpty();
        assertThat(t.reads()).containsExactly(path("a"));
    }

    @ParameterizedTest(name = "{0} depends on {1}: {2}")
    @CsvSource({
            "foo.id, foo, true",
            "foo, foo, true",
            "foo, foo.id, false",
            "bar, foo, false",
            "'', foo, false",
    })
    void aReadDependsOnAnAssignmentThatIsAPrefixOfIt(String read, String assigned, boolean expected) {
        assertThat(path(read).dependsOn(path(assigned))).isEqualTo(expected);
    }
}
