package io.sluice.core.spec;

import io.sluice.core.config.ConfigNode;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Resources named by label: which labels a stream config declares, and the one message that lint
 * and the stream's build both give for a label that is not declared.
 */
public final class ResourceRefs {
    private ResourceRefs() {
    }

    /** "cache resource 'x' was not found", with a did-you-mean and, for a rate limit, the duration hint. */
    public static String notFound(ComponentKind kind, String label, Collection<String> declared) {
        StringBuilder m = new StringBuilder(kind.singular().replace('_', ' ')).append(" resource '").append(label).append("' was not found");
        m.append(Suggestions.didYouMean(label, declared));
        if (kind == ComponentKind.RATE_LIMIT && looksLikeDuration(label)) {
            String name = "every_" + label.replaceAll("[^A-Za-z0-9]", "");
            m.append("; '").append(label).append("' is a duration, but this field takes the label of a rate limit resource. ")
                    .append("Declare one, rate_limit_resources: [{label: ").append(name)
                    .append(", local: {count: 1, interval: ").append(label).append("}}], and write ").append(name).append(" here");
        }
        return m.toString();
    }

    private static boolean looksLikeDuration(String s) {
        try {
            Durations.parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The labels a stream config declares, per kind: under {@code resources} ({@code caches},
     * {@code rate_limits}, ...) and in the {@code *_resources} lists.
     */
    public static Map<ComponentKind, Set<String>> declared(ConfigNode root) {
        Map<ComponentKind, Set<String>> labels = new EnumMap<>(ComponentKind.class);
        for (ComponentKind k : ComponentKind.values()) labels.put(k, new LinkedHashSet<>());
        if (!(root instanceof ConfigNode.MapNode m)) return labels;
        if (m.get("resources") instanceof ConfigNode.MapNode res) {
            res.entries().forEach((plural, e) -> {
                ComponentKind k = ComponentKind.fromPlural(plural);
                if (k != null) collect(e.value(), labels.get(k));
            });
        }
        m.entries().forEach((key, e) -> {
            if (key.endsWith("_resources")) {
                ComponentKind k = ComponentKind.fromPlural(key.substring(0, key.length() - "_resources".length()));
                if (k != null) collect(e.value(), labels.get(k));
            }
        });
        return labels;
    }

    private static void collect(ConfigNode list, Set<String> into) {
        if (!(list instanceof ConfigNode.ListNode l)) return;
        for (ConfigNode item : l.items()) {
            if (item instanceof ConfigNode.MapNode im && im.get("label") instanceof ConfigNode.ScalarNode s && s.value() != null) {
                into.add(String.valueOf(s.value()));
            }
        }
    }
}
