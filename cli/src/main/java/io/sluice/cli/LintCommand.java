package io.sluice.cli;

import io.sluice.core.config.ConfigProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Check stream configs; prints file:line:col: message per problem and exits 1 when there is any.",
                "Takes files, folders (their YAML files) and dir/... for a whole tree, e.g. `sluice lint ./...`."})
final class LintCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Config files, folders, or dir/... .")
    List<String> paths;

    @Override
    public Integer call() throws IOException {
        int total = 0;
        for (Path f : files(paths)) {
            List<ConfigProblem> problems = ConfigFiles.lint(f);
            ConfigFiles.print(problems, System.out);
            total += problems.size();
        }
        return total == 0 ? 0 : 1;
    }

    static List<Path> files(List<String> args) throws IOException {
        return ConfigPaths.expand(args, LintCommand::isConfig);
    }

    private static boolean isConfig(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml"); // JSON files in folders are often API definitions: name them to lint them
    }
}
