package io.sluice.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:default}} in raw config text before parsing, as the
 * dialect does. {@code $${VAR}} is an escape for a literal {@code ${VAR}}; Bloblang interpolations
 * ({@code ${! ... }}) are left alone. A variable that is unset and has no default is a problem.
 */
public final class EnvInterpolation {
    private final Function<String, String> env;

    public EnvInterpolation(Function<String, String> env) {
        this.env = env;
    }

    public static EnvInterpolation system() {
        Map<String, String> e = System.getenv();
        return new EnvInterpolation(e::get);
    }

    public record Result(String text, List<ConfigProblem> problems) {
    }

    public Result apply(String text, String file) {
        StringBuilder out = new StringBuilder(text.length());
        List<ConfigProblem> problems = new ArrayList<>();
        int line = 1, lineStart = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            }
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$' && i + 2 < text.length() && text.charAt(i + 2) == '{') {
                out.append("${");
                i += 3;
                continue;
            }
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{' && i + 2 < text.length() && isVarStart(text.charAt(i + 2))) {
                int close = findClose(text, i + 2);
                if (close > 0) {
                    String body = text.substring(i + 2, close);
                    int colon = body.indexOf(':');
                    String name = colon < 0 ? body : body.substring(0, colon);
                    if (isVarName(name)) {
                        String value = env.apply(name);
                        if (value == null || value.isEmpty()) {
                            if (colon >= 0) value = body.substring(colon + 1);
                            else {
                                problems.add(new ConfigProblem(new Position(file, line, i - lineStart + 1), "",
                                        "environment variable " + name + " is not set (give a default with ${" + name + ":default})"));
                                value = "";
                            }
                        }
                        out.append(value);
                        i = close + 1;
                        continue;
                    }
                }
            }
            out.append(c);
            i++;
        }
        return new Result(out.toString(), problems);
    }

    private static boolean isVarStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isVarName(String s) {
        if (s.isEmpty()) return false;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.')) return false;
        }
        return true;
    }

    private static int findClose(String text, int from) {
        for (int k = from; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '}') return k;
            if (c == '\n') return -1;
        }
        return -1;
    }
}
