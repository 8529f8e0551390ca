package io.sluice.gateway.apidef;

import java.util.List;

/** Headers to remove, then headers to set, on a request or a response. */
public record HeaderTransform(List<Header> add, List<String> remove) {

    public static final HeaderTransform NONE = new HeaderTransform(List.of(), List.of());

    public record Header(String name, String value) {
    }

    public boolean isEmpty() {
        return add.isEmpty() && remove.isEmpty();
    }
}
