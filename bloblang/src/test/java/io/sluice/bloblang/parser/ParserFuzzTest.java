package io.sluice.bloblang.parser;

import io.sluice.bloblang.Bloblang;
import io.sluice.core.expr.ExpressionParseException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random and mutated mappings never crash the parser: each one compiles or fails with an
 * {@link ExpressionParseException} positioned inside the text. Bounded in time; the seed is printed so
 * that a failure can be replayed.
 */
class ParserFuzzTest {
    private static final long BUDGET_NANOS = 3_000_000_000L;

    private static final List<String> SEEDS = List.of(
            "root.id = this.thing.id\nroot.type = \"yo\"",
            "root = this.items.map_each(i -> i.price * i.qty).sum()",
            "root = if this.a > 5 { \"big\" } else if this.a > 2 { \"mid\" } else { deleted() }",
            "root.t = match this.type {\n  \"a\" => 1,\n  _ => this.b | \"x\"\n}",
            "map foo {\n  root.x = this.y\n}\nroot = this.apply(\"foo\")",
            "let v = {\"a\": [1, 2.5, true, null], (this.k): \"\"\"raw\"\"\"}\nroot = $v",
            "meta foo = @bar.uppercase()\n@ = {}\nroot = @",
            "if this.x == \"y\" {\n  root.z = this.s[1:3]\n} else {\n  root = this.(a | b).c\n}",
            "root = range(start: 0, stop: 10, step: 2).filter(n -> n % 4 == 0)",
            "root.\"quoted key\" = -this.n + !this.b.not()");

    private static final String[] TOKENS = {
            "root", "this", "=", "==", "!=", ".", "(", ")", "{", "}", "[", "]", ":", ",", "->", "=>", "|", "||", "&&",
            "+", "-", "*", "/", "%", "<", ">", "!", "@", "$", "\"", "\"\"\"", "#", "\n", "\r\n", " ", "\t", "if", "else",
            "match", "let", "meta", "map", "import", "from", "_", "deleted()", "foo", "bar(", "1", "2.5", "-3", "true",
            "null", "\\", "\\u00", "é", "😀", "${!", "uppercase()", "map_each(", "x ->", "\"s\""};

    @Test
    void neverCrashes() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long deadline = System.nanoTime() + BUDGET_NANOS;
        int runs = 0;
        while (System.nanoTime() < deadline) {
            String text = random.nextInt(3) == 0 ? randomTokens(random) : mutate(random, SEEDS.get(random.nextInt(SEEDS.size())));
            check(text, seed);
            runs++;
        }
        System.out.println("parser fuzz: " + runs + " inputs, seed " + seed);
        assertThat(runs).isGreaterThan(100);
    }

    @Test
    void deepNestingIsRefusedNotOverflowed() {
        check("root = " + "(".repeat(20_000) + "1" + ")".repeat(20_000), 0);
        check("root = " + "[".repeat(20_000), 0);
        check("root = " + "-".repeat(20_000) + "1", 0);
    }

    private static void check(String text, long seed) {
        try {
            Bloblang.compile(text);
        } catch (ExpressionParseException e) {
            int lines = text.replace("\r\n", "\n").split("\n", -1).length;
            assertThat(e.line()).as("line of %s in %s", e.getMessage(), text).isBetween(1, lines);
            assertThat(e.column()).as("column of %s", e.getMessage()).isGreaterThanOrEqualTo(1);
            assertThat(e.detail()).isNotBlank();
        } catch (Throwable t) {
            fail("seed " + seed + ": parser crashed on " + quote(text) + ": " + t, t);
        }
    }

    private static String randomTokens(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(40);
        for (int i = 0; i < n; i++) sb.append(TOKENS[r.nextInt(TOKENS.length)]);
        return sb.toString();
    }

    private static String mutate(Random r, String s) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && !sb.isEmpty(); i++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(4)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
                case 2 -> sb.setCharAt(at, (char) (32 + r.nextInt(95)));
                default -> {
                    int end = Math.min(sb.length(), at + 1 + r.nextInt(8));
                    String piece = sb.substring(at, end);
                    sb.insert(r.nextInt(sb.length()), piece);
                }
            }
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"") + "\"";
    }
}
