package io.sluice.bloblang.lib;

import java.util.ArrayList;
import java.util.List;

/**
 * A documented example: a mapping and pairs of input and expected output. An output of
 * {@code <Message deleted>} means the message is dropped; {@code Error("...")} means the mapping fails.
 *
 * @param tested false when the output cannot be checked (random or time dependent results)
 */
public record Example(String summary, String mapping, List<Case> cases, boolean tested) {

    public record Case(String input, String output) {
    }

    /** @param inputOutput alternating inputs and expected outputs */
    public static Example of(String summary, String mapping, String... inputOutput) {
        if (inputOutput.length % 2 != 0) throw new IllegalArgumentException("inputs and outputs must come in pairs");
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < inputOutput.length; i += 2) cases.add(new Case(inputOutput[i], inputOutput[i + 1]));
        return new Example(summary, mapping, List.copyOf(cases), true);
    }

    public Example untested() {
        return new Example(summary, mapping, cases, false);
    }
}
