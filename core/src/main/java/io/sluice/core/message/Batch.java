package io.sluice.core.message;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/** An ordered group of parts that travels, and is acknowledged, as one unit. */
public final class Batch implements Iterable<Part> {
    private final List<Part> parts;

    public Batch() {
        this.parts = new ArrayList<>();
    }

    /** An empty batch with room for {@code expected} parts (a batch of one needs no room for ten). */
    public static Batch withCapacity(int expected) {
        return new Batch(expected);
    }

    private Batch(int capacity) {
        this.parts = new ArrayList<>(Math.max(1, capacity));
    }

    public Batch(Collection<Part> parts) {
        this.parts = new ArrayList<>(parts);
    }

    public static Batch of(Part... parts) {
        return new Batch(List.of(parts));
    }

    public static Batch ofTexts(String... texts) {
        Batch b = new Batch();
        for (String t : texts) b.add(Part.of(t));
        return b;
    }

    public List<Part> parts() {
        return parts;
    }

    public int size() {
        return parts.size();
    }

    public boolean isEmpty() {
        return parts.isEmpty();
    }

    public Part get(int index) {
        return parts.get(index);
    }

    public Batch add(Part part) {
        parts.add(part);
        return this;
    }

    /** Deep copy of every part (contexts stay shared). */
    public Batch copy() {
        Batch b = withCapacity(parts.size());
        for (Part p : parts) b.add(p.copy());
        return b;
    }

    public long byteSize() {
        long n = 0;
        for (Part p : parts) n += p.bytes().length;
        return n;
    }

    @Override
    public Iterator<Part> iterator() {
        return parts.iterator();
    }

    @Override
    public String toString() {
        return "Batch" + parts;
    }
}
