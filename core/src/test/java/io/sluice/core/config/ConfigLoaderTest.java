package io.sluice.core.config;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @Test
    void yamlNodesRememberLineAndColumn() throws Exception {
        ConfigNode root = ConfigLoader.parseRaw("""
                input:
                  generate:
                    count: 5
                """, "s.yaml");
        var input = (ConfigNode.MapNode) ((ConfigNode.MapNode) root).get("input");
        var gen = (ConfigNode.MapNode) input.get("generate");
        assertThat(gen.entries().get("count").keyPos()).isEqualTo(new Position("s.yaml", 3, 5));
        assertThat(gen.get("count").toPlain()).isEqualTo(5L);
    }

    @Test
    void jsonIsParsedWithPositionsToo() throws Exception {
        ConfigNode root = ConfigLoader.parseRaw("{\n  \"a\": {\"b\": true}\n}", "s.json");
        var a = (ConfigNode.MapNode) ((ConfigNode.MapNode) root).get("a");
        assertThat(a.pos().line()).isEqualTo(2);
        assertThat(a.get("b").toPlain()).isEqualTo(true);
    }

    @Test
    void syntaxErrorNamesFileAndLine() {
        assertThatThrownBy(() -> ConfigLoader.parseRaw("a: [1, 2\nb: 3\n", "bad.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("bad.yaml:");
    }

    @Test
    void duplicateKeysAreRejected() {
        assertThatThrownBy(() -> ConfigLoader.parseRaw("{\"a\": 1, \"a\": 2}", "d.json"))
                .hasMessageContaining("duplicate key 'a'");
    }

    @Test
    void environmentVariablesAndDefaultsAreSubstituted() throws Exception {
        var loader = new ConfigLoader(new EnvInterpolation(Map.of("TOPIC", "orders")::get));
        ConfigNode root = loader.parse("topic: ${TOPIC}\ngroup: ${GROUP:sluice}\nmapping: 'root = \"${! this.a }\"'\nlit: $${TOPIC}\n", "e.yaml");
        Map<?, ?> plain = (Map<?, ?>) root.toPlain();
        assertThat(plain.get("topic")).isEqualTo("orders");
        assertThat(plain.get("group")).isEqualTo("sluice");
        assertThat(plain.get("mapping")).isEqualTo("root = \"${! this.a }\"");
        assertThat(plain.get("lit")).isEqualTo("${TOPIC}");
    }

    @Test
    void missingEnvironmentVariableIsAPositionedProblem() {
        var loader = new ConfigLoader(new EnvInterpolation(Map.<String, String>of()::get));
        assertThatThrownBy(() -> loader.parse("a: 1\nb: ${NOPE}\n", "e.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("e.yaml:2:4")
                .hasMessageContaining("NOPE is not set");
    }

    @Test
    void deeplyNestedConfigsAreRefusedWithAPositionedMessage() {
        String json = "{\"a\":".repeat(300) + "1" + "}".repeat(300);
        assertThatThrownBy(() -> ConfigLoader.parseRaw(json, "deep.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("deep.json:1:")
                .hasMessageContaining("nesting depth (201) exceeds the maximum allowed (200");
        String yaml = "a: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        assertThatThrownBy(() -> ConfigLoader.parseRaw(yaml, "deep.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("deep.yaml:")
                .hasMessageContaining("invalid YAML");
    }

    @Test
    void yamlAliasesAreNotExpandedSoAnAliasBombStaysSmall() throws Exception {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            String prev = "*a" + (i - 1);
            yaml.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", Collections.nCopies(10, prev))).append("]\n");
        }
        ConfigNode root = ConfigLoader.parseRaw(yaml.toString(), "bomb.yaml");
        // 10^12 strings if aliases were copied; the tree holds each written value once.
        assertThat(((ConfigNode.MapNode) root).entries()).hasSize(12);
        assertThat(((ConfigNode.ListNode) ((ConfigNode.MapNode) root).get("a11")).items()).hasSize(10);
    }
}
