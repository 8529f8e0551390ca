package io.sluice.bloblang.interpolation;

import io.sluice.bloblang.Bloblang;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.expr.ExpressionParseException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InterpolationTest {

    private static Batch batch() {
        Part p = Part.of("{\"user\":{\"name\":\"ada\"},\"n\":3,\"price\":1000000.0,\"tags\":[\"a\"]}");
        p.setMeta("topic", "events");
        return Batch.of(p, Part.of("second"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "plain text                               | plain text",
            "${! this.user.name }                     | ada",
            "hello ${!this.user.name.uppercase()}!    | hello ADA!",
            "${! @topic }-${! this.n + 1 }            | events-4",
            "${! this.tags }                          | [\"a\"]",
            "${! this.price }                         | 1e+06",
            "${! this.missing }                       | null",
            "${! this.n.uppercase() }                 | null",
            "${{! not an expression }}                | ${! not an expression }",
            "${! batch_size() } parts                 | 2 parts",
            "${! content().from(1) }                  | second",
            "$ alone and ${ not bloblang }            | $ alone and ${ not bloblang }",
    })
    void renders(String template, String expected) throws Exception {
        assertThat(Bloblang.interpolation(template).render(batch(), 0)).isEqualTo(expected);
    }

    @Test
    void staticStringsAreRecognised() throws Exception {
        assertThat(Bloblang.interpolation("no expressions here").isStatic()).isTrue();
        assertThat(Bloblang.interpolation("${{!escaped}}").isStatic()).isTrue();
        assertThat(Bloblang.interpolation("${! now() }").isStatic()).isFalse();
    }

    @Test
    void strictRenderingReportsTheFailure() throws Exception {
        assertThatThrownBy(() -> Bloblang.interpolation("${! this.n.uppercase() }").renderStrict(batch(), 0))
                .hasMessageContaining("expected string value, got number");
    }

    @Test
    void unterminatedExpressionsArePositionedParseErrors() {
        assertThatThrownBy(() -> Bloblang.interpolation("abc ${! this.a "))
                .isInstanceOfSatisfying(ExpressionParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo(16);
                });
    }

    @Test
    void theEngineFindsBloblangThroughTheServiceLoader() throws Exception {
        Interpolation i = ExpressionLanguage.get().parseInterpolation("${! this.n * 2 }");
        assertThat(i.render(batch(), 0)).isEqualTo("6");
        assertThat(ExpressionLanguage.get().parseMapping("root = this.n").query(batch(), 0)).isEqualTo(3L);
        assertThat(ExpressionLanguage.get().parseMapping("root = this.n > 2").check(batch(), 0)).isTrue();
    }
}
