package io.sluice.components.io.scanner;

import java.util.ArrayList;
import io.sluice.core.spec.Conf;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.connect.Scanner;
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
            .summary("Picks a scanner for each source by its name, e.g. `lines` for `.log` files and `decompress` for `.gz`.")
            .description("Candidates are tried in order and the first that accepts the source is used; one without `re_match_name` "
                    + "accepts every source, so put it last. A source no candidate accepts fails with an error.")
            .config(FieldSpec.objectList("",
                    FieldSpec.string("re_match_name").optional().regex()
                            .description("A regular expression tested against the source's name (for files, the path)."),
                    FieldSpec.of("scanner", FieldType.SCANNER).description("The scanner used for the sources this candidate accepts.")));

    public record Candidate(Regex nameMatch, Scanner scanner) {
    }

    private final List<Candidate> candidates;

    public static Scanner create(Conf conf, ComponentContext ctx) throws Exception {
        List<Candidate> candidates = new ArrayList<>();
        for (Conf c : conf.elements()) {
            // The spec's regex() rule has checked re_match_name.
            Regex p = c.isSet("re_match_name") ? Regex.compile(c.string("re_match_name")) : null;
            candidates.add(new Candidate(p, (Scanner) ctx.build(ComponentKind.SCANNER, c.child("scanner"))));
        }
        return new SwitchScanner(candidates);
    }

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
