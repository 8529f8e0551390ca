package io.sluice.cli;

import io.sluice.core.registry.ComponentRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run config unit tests: the `tests` of configs and of *_test.yaml / *_benthos_test.yaml files.",
                "Give files, folders (their own files) or dir/... for a whole tree, e.g. `sluice test ./...`. Exits 1 when a test fails."})
final class TestCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Test files, configs, folders, or dir/... (default: ./...).")
    List<String> paths;

    @Override
    public Integer call() throws Exception {
        List<Path> files = ConfigTests.find(paths == null || paths.isEmpty() ? List.of("./...") : paths);
        ConfigTests runner = new ConfigTests(ComponentRegistry.global());
        List<ConfigTests.FileResult> results = new ArrayList<>();
        int tests = 0;
        for (Path f : files) {
            ConfigTests.FileResult r = runner.run(f);
            if (r.tests() == 0 && r.passed()) continue; // a config without tests
            tests += r.tests();
            results.add(r);
        }
        if (results.isEmpty()) {
            System.out.println("No tests were found in " + String.join(" ", paths == null ? List.of("./...") : paths));
            return 1;
        }
        boolean ok = ConfigTests.report(results, System.out);
        System.out.println();
        System.out.println((ok ? "PASS" : "FAIL") + ": " + tests + " tests in " + results.size() + " files");
        return ok ? 0 : 1;
    }
}
