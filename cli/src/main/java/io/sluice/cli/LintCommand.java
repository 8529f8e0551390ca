package io.sluice.cli;

import io.sluice.core.config.ConfigProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "lint", mixinStandardHelpOptions = true,
        description = "Check stream configs; prints file:line:col: message per problem and exits 1 when there is any.")
final class LintCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Config files to check.")
    List<Path> files;

    @Override
    public Integer call() {
        int total = 0;
        for (Path f : files) {
            List<ConfigProblem> problems = ConfigFiles.lint(f);
            ConfigFiles.print(problems, System.out);
            total += problems.size();
        }
        return total == 0 ? 0 : 1;
    }
}
