package io.sluice.core.message;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One message of a batch: raw bytes, metadata and an error flag, plus a structured (JSON-like) form
 * that is parsed from the bytes only when something asks for it, and serialised back only when the
 * bytes are needed again. Structured values are plain Java objects: {@code Map<String,Object>},
 * {@code List<Object>}, {@code String}, {@code Long}, {@code java.math.BigInteger}, {@code Double},
 * {@code java.math.BigDecimal}, {@code Boolean}, {@code byte[]} and {@code null}
 * (see {@link Structured}).
 */
public final class Part {
    private byte[] raw;             // null while only the structured form is current
    private Object structured;      // valid only when structuredValid
    private boolean structuredValid;
    // The structured value is also another part's (see copy()): deep-copied before it is first handed out,
    // since callers may edit what they get.
    private boolean structuredShared;
    // Metadata and context are built on first use: an input reading a million messages a second to an output
    // that never looks at them should not pay for a map and a context per message.
    private Map<String, Object> metadata;   // null until first use
    private MetadataSource pendingMetadata; // fills the metadata on first use, then dropped
    // The metadata map is also another part's (see copy()): it is copied before the first change.
    private boolean metadataShared;
    private Throwable error;
    /** Shared by a part and its copies, so that e.g. a sync_response store follows the message through the pipeline. */
    private PartContext context;            // null until first use

    /** Fills a part's metadata when something first asks for it (see {@link #withLazyMetadata}). */
    @FunctionalInterface
    public interface MetadataSource {
        void fill(Map<String, Object> metadata);
    }

    private static final byte[] EMPTY = new byte[0];

    public Part(byte[] raw) {
        this(raw, null, null);
    }

    private Part(byte[] raw, Map<String, Object> metadata, PartContext context) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.metadata = metadata;
        this.context = context;
    }

    /**
     * A part whose metadata is made by {@code source} only when first read or written; for inputs that attach many
     * fields to every message (topic, partition, offset, headers...). The source must capture values, not state that
     * changes later.
     */
    public static Part withLazyMetadata(byte[] raw, MetadataSource source) {
        Part p = new Part(raw);
        p.pendingMetadata = source;
        return p;
    }

    /** The metadata for reading: may be shared with copies of this part. */
    private Map<String, Object> md() {
        Map<String, Object> m = metadata;
        if (m == null) {
            m = new LinkedHashMap<>();
            MetadataSource source = pendingMetadata;
            if (source != null) {
                pendingMetadata = null;
                source.fill(m);
            }
            metadata = m;
        }
        return m;
    }

    /** The metadata for changing: this part's own map. */
    private Map<String, Object> mdOwn() {
        Map<String, Object> m = md();
        if (metadataShared) {
            metadata = m = new LinkedHashMap<>(m);
            metadataShared = false;
        }
        return m;
    }

    public static Part of(String text) {
        return new Part(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Part ofStructured(Object value) {
        Part p = new Part(new byte[0]);
        p.setStructured(value);
        return p;
    }

    // ---- body ----

    public byte[] bytes() {
        if (raw == null) raw = Structured.toJsonBytes(structured); // reads only, so a shared value needs no copy
        return raw;
    }

    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    public void setBytes(byte[] bytes) {
        this.raw = Objects.requireNonNull(bytes, "bytes");
        this.structured = null;
        this.structuredValid = false;
        this.structuredShared = false;
    }

    public void setText(String text) {
        setBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The body parsed as JSON; parsed once and cached. Throws {@link MessageParseException} when the body is not JSON. */
    public Object structured() {
        if (!structuredValid) {
            structured = Structured.parseJson(raw);
            structuredValid = true;
        } else if (structuredShared) {
            structured = Structured.deepCopy(structured);
            structuredShared = false;
        }
        return structured;
    }

    /**
     * The structured body for reading only: a value shared with a copy of this part is returned as it is, not
     * copied first as {@link #structured()} does. The caller must change nothing in it (Bloblang reads {@code this}
     * through it, and copies what it assigns).
     */
    public Object structuredView() {
        if (!structuredValid) return structured();
        return structured;
    }

    /**
     * The structured body for editing in place: the bytes are re-serialised from it when next asked
     * for. ({@link #structured()} is for reading; edits through it are not seen by {@link #bytes()}.)
     */
    public Object structuredMut() {
        Object v = structured(); // this part's own value, even if it was shared with a copy
        raw = null;
        return v;
    }

    /** Replaces the body by a structured value; the caller hands over ownership of the value. */
    public void setStructured(Object value) {
        this.structured = value;
        this.structuredValid = true;
        this.structuredShared = false;
        this.raw = null;
    }

    public boolean hasStructured() {
        return structuredValid;
    }

    // ---- metadata ----

    public Map<String, Object> metadata() {
        return mdOwn(); // the caller may change it
    }

    public Object meta(String key) {
        return md().get(key);
    }

    /** Metadata value as text, or null when absent. */
    public String metaString(String key) {
        Object v = md().get(key);
        return v == null ? null : Structured.toText(v);
    }

    public Part setMeta(String key, Object value) {
        if (value == null) mdOwn().remove(key); else mdOwn().put(key, value);
        return this;
    }

    public void removeMeta(String key) {
        mdOwn().remove(key);
    }

    public void setMetadata(Map<String, Object> replacement) {
        this.pendingMetadata = null;
        this.metadata = new LinkedHashMap<>(replacement);
        this.metadataShared = false;
    }

    // ---- error flag ----

    public Throwable error() {
        return error;
    }

    public String errorMessage() {
        return error == null ? null : (error.getMessage() == null ? error.toString() : error.getMessage());
    }

    public boolean hasError() {
        return error != null;
    }

    public void setError(Throwable error) {
        this.error = error;
    }

    public void clearError() {
        this.error = null;
    }

    public PartContext context() {
        PartContext c = context;
        if (c == null) context = c = new PartContext();
        return c;
    }

    /**
     * A deep copy: body, metadata and error; the context stays shared. The metadata is shared until either part
     * changes it (copy on write), and not made at all while neither has any.
     */
    public Part copy() {
        Part p = new Part(raw == null ? EMPTY : raw, null, context());
        if (raw == null) p.raw = null;
        if (metadata != null) {
            p.metadata = metadata;
            p.metadataShared = true;
            metadataShared = true;
        } else {
            p.pendingMetadata = pendingMetadata; // it captures values, so each part may fill its own map from it
        }
        if (structuredValid) {
            // Shared, and deep-copied by whichever part hands it out first (a copy that only travels, such as a
            // replay's original, never pays for it).
            p.structured = structured;
            p.structuredValid = true;
            p.structuredShared = true;
            structuredShared = true;
        }
        p.error = error;
        return p;
    }

    /** A copy with the same body and metadata but a context of its own (for fan-out to independent consumers). */
    public Part copyDetached() {
        Part p = new Part(bytes().clone(), new LinkedHashMap<>(md()), new PartContext());
        p.error = error;
        return p;
    }

    @Override
    public String toString() {
        return "Part{" + text() + (md().isEmpty() ? "" : ", meta=" + md()) + (error == null ? "" : ", error=" + errorMessage()) + "}";
    }
}
