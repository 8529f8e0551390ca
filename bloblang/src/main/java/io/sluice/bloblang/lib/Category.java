package io.sluice.bloblang.lib;

/** Documentation categories of functions and methods, named as in the original documentation. */
public enum Category {
    // functions
    GENERAL("General"),
    MESSAGE_INFO("Message Info"),
    ENVIRONMENT("Environment"),
    FAKE_DATA("Fake Data Generation"),
    // methods
    STRINGS("String Manipulation"),
    REGEX("Regular Expressions"),
    NUMBERS("Number Manipulation"),
    TIMESTAMPS("Timestamp Manipulation"),
    COERCION("Type Coercion"),
    PARSING("Parsing"),
    ENCODING("Encoding and Encryption"),
    JWT("JSON Web Tokens"),
    OBJECTS_AND_ARRAYS("Object & Array Manipulation"),
    GEOIP("GeoIP"),
    // both
    DEPRECATED("Deprecated");

    private final String title;

    Category(String title) {
        this.title = title;
    }

    /** The heading used by the documentation, e.g. {@code String Manipulation}. */
    public String title() {
        return title;
    }
}
