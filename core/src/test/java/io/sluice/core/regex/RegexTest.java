package io.sluice.core.regex;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's (RE2) syntax and matching rules, as users of the dialect write their patterns. */
class RegexTest {

    @Test
    void goNamedGroupsCompileAndKeepTheirNames() {
        Regex re = Regex.compile("(?P<status>\\d{3}) (?P<reason_text>\\w+)");
        assertThat(re.groupNames()).containsExactly(null, "status", "reason_text");
        assertThat(re.replaceAll("got 404 missing", "$reason_text=${status}")).isEqualTo("got missing=404");
    }

    @Test
    void dollarIsTheEndOfTheTextUnlessMultiLine() {
        assertThat(Regex.compile("a$").find("a\n")).isFalse(); // java.util.regex would say true
        assertThat(Regex.compile("(?m)a$").find("a\nb")).isTrue();
    }

    @Test
    void posixClassesAndUnicodeScriptsAreUnderstood() {
        assertThat(Regex.compile("^[[:alpha:]]+$").find("abc")).isTrue();
        assertThat(Regex.compile("\\p{Greek}").find("αβ")).isTrue();
    }

    @Test
    void anEmptyMatchRightAfterAMatchIsSkippedAsGoDoes() {
        assertThat(Regex.compile("a*").replaceAll("baaac", "-")).isEqualTo("-b-c-");
    }

    @Test
    void backtrackingPatternsAreRefusedRatherThanRunForever() {
        assertThatThrownBy(() -> Regex.compile("(a)\\1")).hasMessageStartingWith("error parsing regexp: ");
        assertThat(Regex.problem("(?=lookahead)")).startsWith("error parsing regexp: ");
        // Linear time: a classic catastrophic pattern for backtracking engines returns at once.
        assertThat(Regex.compile("^(a+)+$").find("a".repeat(5000) + "b")).isFalse();
    }

    @Test
    void aBadPatternNamesWhatIsWrongInGoWords() {
        assertThat(Regex.problem("(unclosed")).isEqualTo("error parsing regexp: missing closing ): `(unclosed`");
        assertThat(Regex.problem("ok")).isNull();
    }
}
