package io.sluice.bloblang.tools;

import io.sluice.bloblang.Bloblang;
import io.sluice.bloblang.BloblangMapping;
import io.sluice.core.expr.ExpressionParseException;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The logic of {@code sluice blobl}: runs a mapping over one document per input line and prints one
 * result per line. Failures go to the error stream with the input line number; a deleted message
 * prints nothing.
 */
public final class BloblRunner {

    /** Every line mapped. */
    public static final int OK = 0;
    /** At least one line failed (the others were still printed). */
    public static final int SOME_FAILED = 1;
    /** The mapping does not compile. */
    public static final int BAD_MAPPING = 2;

    /**
     * @return {@link #OK}, {@link #SOME_FAILED} or {@link #BAD_MAPPING}
     */
    public int run(String mapping, InputStream in, PrintStream out, PrintStream err) {
        BloblangMapping compiled;
        try {
            compiled = Bloblang.compile(mapping);
        } catch (ExpressionParseException e) {
            err.println("failed to parse mapping: " + e.getMessage());
            return BAD_MAPPING;
        }
        int status = OK;
        int lineNo = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                try {
                    Part result = compiled.map(Batch.of(Part.of(line)), 0);
                    if (result != null) out.println(result.text());
                } catch (MappingException e) {
                    err.println("line " + lineNo + ": " + e.getMessage());
                    status = SOME_FAILED;
                }
            }
        } catch (IOException e) {
            err.println("failed to read input: " + e.getMessage());
            return SOME_FAILED;
        }
        out.flush();
        return status;
    }
}
