package io.sluice.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayLauncherTest {

    @TempDir
    Path dir;

    @Test
    void strictModeRefusesToStartWithAMisspelledSetting() throws Exception {
        Path conf = dir.resolve("gateway.json");
        Files.writeString(conf, "{\"listen_prot\": 0}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = GatewayLauncher.run(conf, true, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown key 'listen_prot' (ignored), did you mean 'listen_port'?")
                .contains("refusing to start with unknown settings (--strict)");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("listening");
    }
}
