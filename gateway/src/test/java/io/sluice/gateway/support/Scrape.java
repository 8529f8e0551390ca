package io.sluice.gateway.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed Prometheus text exposition: samples by name and labels. */
public final class Scrape {

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();

    public static Scrape parse(String text) {
        Scrape s = new Scrape();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace > 0 && brace < space) {
                name = line.substring(0, brace);
                String inside = line.substring(brace + 1, line.lastIndexOf('}'));
                int i = 0;
                while (i < inside.length()) {
                    int eq = inside.indexOf('=', i);
                    String key = inside.substring(i, eq);
                    int start = eq + 2;
                    StringBuilder value = new StringBuilder();
                    int j = start;
                    while (inside.charAt(j) != '"') {
                        if (inside.charAt(j) == '\\') j++;
                        value.append(inside.charAt(j++));
                    }
                    labels.put(key, value.toString());
                    i = j + 1;
                    if (i < inside.length() && inside.charAt(i) == ',') i++;
                }
            } else {
                name = line.substring(0, space);
            }
            s.samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
        }
        return s;
    }

    /** The sum of the samples of {@code name} whose labels include all of {@code labels} (pairs: key, value, ...). */
    public double sum(String name, String... labels) {
        double total = 0;
        for (Sample sample : samples) {
            if (!sample.name().equals(name)) continue;
            boolean match = true;
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(sample.labels().get(labels[i]))) match = false;
            }
            if (match) total += sample.value();
        }
        return total;
    }

    /** True when some sample of {@code name} has all of {@code labels}. */
    public boolean has(String name, String... labels) {
        for (Sample sample : samples) {
            if (!sample.name().equals(name)) continue;
            boolean match = true;
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(sample.labels().get(labels[i]))) match = false;
            }
            if (match) return true;
        }
        return false;
    }

    public List<Sample> samples() {
        return samples;
    }
}
