package io.sluice.bloblang.language;

import io.sluice.bloblang.Bloblang;
import io.sluice.core.expr.ExpressionParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImportTest {
    @TempDir
    Path dir;

    @Test
    void importBringsNamedMapsIntoScope() throws Exception {
        Path lib = Files.writeString(dir.resolve("lib.blobl"), "map upper {\n  root.v = this.v.uppercase()\n}\n");
        var m = Bloblang.compile("import \"" + lib + "\"\nroot = this.apply(\"upper\")");
        assertThat(m.apply(Map.of("v", "x"))).isEqualTo(Map.of("v", "X"));
    }

    @Test
    void importsResolveRelativeToTheImportingFile() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/inner.blobl"), "map inner {\n  root = \"inner\"\n}\n");
        Path outer = Files.writeString(dir.resolve("sub/outer.blobl"), "import \"inner.blobl\"\nmap outer {\n  root = this.apply(\"inner\")\n}\n");
        var m = Bloblang.compile("import \"" + outer + "\"\nroot = null.apply(\"outer\")");
        assertThat(m.apply(null)).isEqualTo("inner");
    }

    @Test
    void fromUsesAnotherFileAsTheWholeMapping() throws Exception {
        Path whole = Files.writeString(dir.resolve("whole.blobl"), "root.doubled = this.n * 2\n");
        assertThat(Bloblang.compile("from \"" + whole + "\"").apply(Map.of("n", 4L))).isEqualTo(Map.of("doubled", 8L));
    }

    @Test
    void problemsInImportsAreReported() throws Exception {
        assertThatThrownBy(() -> Bloblang.compile("import \"" + dir.resolve("missing.blobl") + "\""))
                .isInstanceOf(ExpressionParseException.class).hasMessageContaining("failed to read import");
        Path bad = Files.writeString(dir.resolve("bad.blobl"), "map x {\n  root = this.\n}\n");
        assertThatThrownBy(() -> Bloblang.compile("import \"" + bad + "\""))
                .isInstanceOf(ExpressionParseException.class).hasMessageContaining("failed to parse import");
        Path noMaps = Files.writeString(dir.resolve("nomaps.blobl"), "root = 1\n");
        assertThatThrownBy(() -> Bloblang.compile("import \"" + noMaps + "\""))
                .isInstanceOf(ExpressionParseException.class).hasMessageContaining("no maps to import");
        Path dup = Files.writeString(dir.resolve("dup.blobl"), "map a {\n  root = 1\n}\n");
        assertThatThrownBy(() -> Bloblang.compile("map a {\n  root = 2\n}\nimport \"" + dup + "\""))
                .isInstanceOf(ExpressionParseException.class).hasMessageContaining("map name collisions");
    }

    @Test
    void hintsAreInTheDetailForConfigLint() {
        assertThatThrownBy(() -> Bloblang.compile("root = this.a.uppercas()"))
                .isInstanceOfSatisfying(ExpressionParseException.class, e ->
                        assertThat(e.detail()).isEqualTo("unrecognised method 'uppercas' (hint: did you mean the method `uppercase`?)"));
    }
}
