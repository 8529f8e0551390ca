package io.sluice.bloblang.runtime;

/**
 * The two special results of Bloblang that are not data: {@code deleted()} asks the assignment target to
 * be removed, {@code nothing()} asks for the assignment to be skipped. Both read as {@code null} when
 * coerced.
 */
public enum Marker implements TypeNames.Named {
    DELETED("delete"),
    NOTHING("nothing");

    private final String typeName;

    Marker(String typeName) {
        this.typeName = typeName;
    }

    @Override
    public String typeName() {
        return typeName;
    }
}
