package io.sluice.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The files that command arguments name, as {@code lint} and {@code test} read them: a file as given, a folder's own
 * files, and {@code dir/...} (or {@code ./...}) for the whole tree below, where build outputs, {@code node_modules}
 * and hidden folders are left out.
 */
final class ConfigPaths {
    private ConfigPaths() {
    }

    /** A folder argument gives only the files {@code wanted} accepts; a file argument is taken as it is. */
    static List<Path> expand(List<String> args, Predicate<Path> wanted) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String arg : args) {
            boolean recursive = arg.equals("...") || arg.endsWith("/...");
            String dir = recursive ? arg.substring(0, arg.length() - 3) : arg;
            Path base = Path.of(dir.isEmpty() ? "." : dir).normalize();
            if (base.toString().isEmpty()) base = Path.of(".");
            if (!Files.isDirectory(base)) {
                out.add(base);
            } else if (recursive) {
                List<Path> found = new ArrayList<>();
                Path root = base;
                Files.walkFileTree(base, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                        String n = d.getFileName() == null ? "" : d.getFileName().toString();
                        boolean skip = !d.equals(root) && (n.startsWith(".") || n.equals("node_modules") || n.equals("target"));
                        return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile() && wanted.test(f)) found.add(f);
                        return FileVisitResult.CONTINUE;
                    }
                });
                found.stream().sorted().forEach(out::add);
            } else {
                try (Stream<Path> list = Files.list(base)) {
                    list.filter(Files::isRegularFile).filter(wanted).sorted().forEach(out::add);
                }
            }
        }
        return out;
    }
}
