package io.sluice.gateway.apidef;

/** A definition that cannot be served; the message starts with the offending field's path. */
public final class InvalidApiDefinitionException extends Exception {

    private final String field;

    public InvalidApiDefinitionException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
