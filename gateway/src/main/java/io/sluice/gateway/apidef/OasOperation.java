package io.sluice.gateway.apidef;

import io.sluice.core.regex.Regex;

/** An operation of the OAS document: method and path template (relative to the listen path) with its operationId. */
public record OasOperation(String method, String pathTemplate, String operationId, Regex pathPattern) {

    /** {@code /pets/{id}} matches {@code /pets/7} (and {@code /pets/7/}); parameters never span a slash. */
    public static OasOperation of(String method, String pathTemplate, String operationId) {
        StringBuilder regex = new StringBuilder("^");
        int i = 0;
        while (i < pathTemplate.length()) {
            int open = pathTemplate.indexOf('{', i);
            if (open < 0) {
                regex.append(Regex.quote(pathTemplate.substring(i)));
                break;
            }
            int close = pathTemplate.indexOf('}', open);
            if (close < 0) {
                regex.append(Regex.quote(pathTemplate.substring(i)));
                break;
            }
            if (open > i) {
                regex.append(Regex.quote(pathTemplate.substring(i, open)));
            }
            regex.append("[^/]+");
            i = close + 1;
        }
        regex.append("/?$");
        return new OasOperation(method, pathTemplate, operationId, Regex.compile(regex.toString()));
    }

    public boolean matches(String method, String path) {
        return this.method.equalsIgnoreCase(method) && pathPattern.matchesWhole(path);
    }
}
