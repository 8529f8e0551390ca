package io.sluice.bloblang.conformance;

import io.sluice.bloblang.Bloblang;
import io.sluice.bloblang.BloblangMapping;
import io.sluice.core.expr.ExpressionParseException;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs every documented example of the original (src/test/resources/conformance/bloblang-examples.jsonl) and
 * checks our output. Rows of one example run in order against one compiled mapping, so stateful
 * functions continue. Prints the pass rate and the failures grouped by function or method, and fails
 * when the rate drops under {@link #FLOOR}, or when the file read is not the one committed (its row
 * counts differ): a truncated file, or one whose rows were marked untested, would otherwise raise the rate.
 */
class ConformanceTest {
    /** Just under the rate achieved, so that a regression fails the build. */
    static final double FLOOR = 0.99;
    /** The committed file's rows, of them the ones upstream checks, and of those the ones expecting an error. */
    static final int ROWS = 397;
    static final int TESTED_ROWS = 349;
    static final int ERROR_ROWS = 7;

    record Row(String name, String kind, String category, String mapping, String input, String output,
               boolean expectError, boolean deleted, boolean tested, long exampleId, long seq) {
    }

    record Failure(Row row, String got) {
    }

    @Test
    void documentedExamplesBehaveAsUpstream() throws IOException {
        Path file = locate().resolve("bloblang-examples.jsonl");
        List<Row> rows = read(file);
        assertThat(rows.size()).as("rows of %s", file).isEqualTo(ROWS);
        assertThat(rows.stream().filter(Row::tested).count()).as("rows upstream checks").isEqualTo(TESTED_ROWS);
        assertThat(rows.stream().filter(r -> r.tested && r.expectError).count()).as("checked rows that expect an error").isEqualTo(ERROR_ROWS);
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) groups.computeIfAbsent(r.name + "#" + r.exampleId, k -> new ArrayList<>()).add(r);

        int passed = 0;
        int total = 0;
        int untestedPassed = 0;
        int untested = 0;
        Map<String, List<Failure>> failures = new TreeMap<>();
        List<Failure> untestedFailures = new ArrayList<>();
        for (List<Row> group : groups.values()) {
            group.sort(Comparator.comparingLong(Row::seq));
            BloblangMapping mapping = null;
            String compileError = null;
            try {
                mapping = Bloblang.compile(group.get(0).mapping);
            } catch (ExpressionParseException e) {
                compileError = "compile error: " + e.getMessage();
            }
            for (Row r : group) {
                // A row expecting an error wants the mapping to compile and then fail on its input: a
                // compile error never passes.
                String got = compileError != null ? compileError : run(mapping, r);
                boolean ok = compileError == null && matches(r, got);
                if (!r.tested) {
                    untested++;
                    if (ok) untestedPassed++;
                    else untestedFailures.add(new Failure(r, got));
                    continue;
                }
                total++;
                if (ok) passed++;
                else failures.computeIfAbsent(r.kind + " " + r.name, k -> new ArrayList<>()).add(new Failure(r, got));
            }
        }

        double rate = total == 0 ? 0 : (double) passed / total;
        StringBuilder report = new StringBuilder();
        report.append(String.format("%nBloblang conformance: %d/%d tested rows pass (%.1f%%); untested rows (informational): %d/%d%n",
                passed, total, rate * 100, untestedPassed, untested));
        report.append("Failing rows by function/method (").append(failures.size()).append("):\n");
        for (Map.Entry<String, List<Failure>> e : failures.entrySet()) {
            report.append("  ").append(e.getKey()).append(" (").append(e.getValue().size()).append(")\n");
            for (Failure f : e.getValue()) {
                report.append("      mapping:  ").append(oneLine(f.row.mapping, 140)).append('\n');
                report.append("      input:    ").append(oneLine(f.row.input, 140)).append('\n');
                report.append("      expected: ").append(oneLine(f.row.expectError ? "<error> " + f.row.output : f.row.deleted ? "<deleted>" : f.row.output, 140)).append('\n');
                report.append("      got:      ").append(oneLine(f.got, 140)).append('\n');
            }
        }
        report.append("Untested rows that differ (informational, ").append(untestedFailures.size()).append("):\n");
        for (Failure f : untestedFailures) {
            report.append("  ").append(f.row.kind).append(' ').append(f.row.name).append(": got ").append(oneLine(f.got, 100))
                    .append(" expected ").append(oneLine(f.row.output, 100)).append('\n');
        }
        System.out.println(report);
        assertThat(rate).as("conformance pass rate (see the report above)").isGreaterThanOrEqualTo(FLOOR);
    }

    private static String run(BloblangMapping mapping, Row r) {
        try {
            Part out = mapping.map(Batch.of(Part.of(r.input)), 0);
            if (out == null) return "<deleted>";
            return out.text();
        } catch (MappingException e) {
            return "<error> " + e.getMessage();
        } catch (RuntimeException e) {
            return "<crash> " + e;
        }
    }

    private static boolean matches(Row r, String got) {
        // A run-time error with upstream's message (the row's output is that message).
        if (r.expectError) return got.startsWith("<error> ") && got.substring("<error> ".length()).equals(r.output);
        if (r.deleted) return got.equals("<deleted>");
        if (got.equals("<deleted>") || got.startsWith("<error>") || got.startsWith("<crash>")) return false;
        Object expected = tryJson(r.output);
        Object actual = tryJson(got);
        if (expected != NOT_JSON && actual != NOT_JSON) return jsonEqual(expected, actual);
        return r.output.equals(got);
    }

    private static final Object NOT_JSON = new Object();

    private static Object tryJson(String s) {
        try {
            return Structured.parseJson(s);
        } catch (MessageParseException e) {
            return NOT_JSON;
        }
    }

    /** Structural equality with numbers compared by value (1 equals 1.0). */
    static boolean jsonEqual(Object a, Object b) {
        if (a == null || b == null) return a == b;
        if (a instanceof Number x && b instanceof Number y) return toDecimal(x).compareTo(toDecimal(y)) == 0;
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) return false;
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                if (!mb.containsKey(e.getKey()) || !jsonEqual(e.getValue(), mb.get(e.getKey()))) return false;
            }
            return true;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) return false;
            for (int i = 0; i < la.size(); i++) if (!jsonEqual(la.get(i), lb.get(i))) return false;
            return true;
        }
        return a.equals(b);
    }

    private static BigDecimal toDecimal(Number n) {
        if (n instanceof BigDecimal d) return d;
        if (n instanceof BigInteger b) return new BigDecimal(b);
        if (n instanceof Double d) return new BigDecimal(d.toString());
        return BigDecimal.valueOf(n.longValue());
    }

    private static String oneLine(String s, int max) {
        String t = s.replace("\n", "\\n");
        return t.length() > max ? t.substring(0, max) + "..." : t;
    }

    // ---- reading the data -----------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static List<Row> read(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) continue;
            Map<String, Object> m = (Map<String, Object>) Structured.parseJson(line);
            rows.add(new Row((String) m.get("name"), (String) m.get("kind"), (String) m.get("category"),
                    (String) m.get("mapping"), (String) m.get("input"), (String) m.get("output"),
                    Boolean.TRUE.equals(m.get("expect_error")), Boolean.TRUE.equals(m.get("deleted")),
                    !Boolean.FALSE.equals(m.get("tested")),
                    ((Number) m.get("example_id")).longValue(), ((Number) m.get("seq")).longValue()));
        }
        return rows;
    }

    /**
     * The conformance cases, kept in this module's test resources ({@code conformance/README.md}
     * says where they come from); {@code -Dsluice.conformance.dir} points at another copy.
     */
    static Path locate() {
        String prop = System.getProperty("sluice.conformance.dir");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop);
            if (Files.isRegularFile(p.resolve("bloblang-examples.jsonl"))) return p;
            fail("sluice.conformance.dir=" + prop + " has no bloblang-examples.jsonl");
        }
        URL url = ConformanceTest.class.getResource("/conformance/bloblang-examples.jsonl");
        if (url == null) fail("conformance data missing from the test resources: conformance/bloblang-examples.jsonl");
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
