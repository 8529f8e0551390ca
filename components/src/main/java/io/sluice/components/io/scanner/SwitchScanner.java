package io.sluice.components.io.scanner;

import io.sluice.core.regex.Regex;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.spec.FieldType;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The {@code switch} scanner: picks the first candidate whose name pattern matches the source. */
public final class SwitchScanner implements Scanner {
    public static final ComponentSpec SPEC = ComponentSpec.of("switch", ComponentKind.SCANNER)
            .summary("Select a child scanner dynamically for source data based on factors such as the filename.")
            .description("The first candidate to pass is selected for each source; a candidate without conditions passes every source. "
                    + "A source that no candidate accepts is rejected with an error.")
            .config(FieldSpec.objectList("",
                    FieldSpec.string("re_match_name").optional().regex()
                            .description("A regular expression to test against the name of each source of data fed into the scanner (filename or equivalent)."),
                    FieldSpec.of("scanner", FieldType.SCANNER).description("The scanner to activate if this candidate passes.")));

    public record Candidate(Regex nameMatch, Scanner scanner) {
    }

    private final List<Candidate> candidates;

    public SwitchScanner(List<Candidate> candidates) {
        this.candidates = List.copyOf(candidates);
    }

    @Override
    public Reader open(InputStream in, String name) throws IOException {
        for (Candidate c : candidates) {
            if (c.nameMatch() == null || c.nameMatch().find(name == null ? "" : name)) return c.scanner().open(in, name);
        }
        in.close();
        throw new IOException("no scanner candidate matched the source '" + name + "'");
    }
}
