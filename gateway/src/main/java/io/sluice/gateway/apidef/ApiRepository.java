package io.sluice.gateway.apidef;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.runtime.GatewayJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The API definitions in {@code app_path}, one JSON file each. Blocking file IO: call it through
 * {@link io.sluice.gateway.runtime.BlockingWork} from event-loop code. A file that cannot be read or parsed is
 * logged with its name and the field at fault and skipped; the other APIs keep serving.
 *
 * <p>With {@link SharedApiDefinitions} (Redis storage), what the management API saves or deletes is also shared with
 * the other nodes, and a load applies the shared definitions over the files: a cluster serves the same APIs whichever
 * node was asked to change them.
 */
public final class ApiRepository {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRepository.class);

    private final Path directory;
    private final SharedApiDefinitions shared;
    private final ApiDefinitionParser parser = new ApiDefinitionParser();
    private final Map<String, Path> fileOf = new LinkedHashMap<>();
    private final Map<String, ApiDefinition> byId = new LinkedHashMap<>();

    public record Problem(Path file, String message) {
    }

    public record Loaded(List<ApiDefinition> apis, List<Problem> problems) {
    }

    public ApiRepository(Path directory) {
        this(directory, null);
    }

    /** @param shared where definitions are shared with the other nodes, or null for this node alone */
    public ApiRepository(Path directory, SharedApiDefinitions shared) {
        this.directory = directory;
        this.shared = shared;
    }

    public Path directory() {
        return directory;
    }

    public synchronized Loaded loadAll() throws IOException {
        Files.createDirectories(directory);
        List<Problem> problems = new ArrayList<>();
        Map<String, ApiDefinition> loaded = new LinkedHashMap<>();
        Map<String, Path> files = new LinkedHashMap<>();
        TreeSet<Path> sorted = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.json")) {
            entries.forEach(sorted::add);
        }
        for (Path file : sorted) {
            try {
                ApiDefinition api = parser.parse(Files.readString(file));
                if (api.id().isEmpty()) {
                    String name = file.getFileName().toString();
                    api = api.withId(name.substring(0, name.length() - ".json".length()));
                }
                if (loaded.containsKey(api.id())) {
                    problems.add(new Problem(file, EXT_ID + ": '" + api.id() + "' is already used by " + files.get(api.id()).getFileName()));
                    continue;
                }
                loaded.put(api.id(), api);
                files.put(api.id(), file);
            } catch (InvalidApiDefinitionException e) {
                problems.add(new Problem(file, e.getMessage()));
            } catch (IOException e) {
                problems.add(new Problem(file, "cannot be read: " + e.getMessage()));
            }
        }
        if (shared != null) {
            applyShared(loaded, files, problems);
        }
        problems.forEach(p -> LOG.error("Skipping API definition {}: {}", p.file(), p.message()));
        byId.clear();
        byId.putAll(loaded);
        fileOf.clear();
        fileOf.putAll(files);
        return new Loaded(List.copyOf(loaded.values()), List.copyOf(problems));
    }

    private static final String EXT_ID = ApiDefinition.TYK_EXTENSION + ".info.id";

    /** Definitions changed through any node's management API win over this node's files. */
    private void applyShared(Map<String, ApiDefinition> loaded, Map<String, Path> files, List<Problem> problems) throws IOException {
        for (Map.Entry<String, String> entry : shared.loadAll().entrySet()) {
            String id = entry.getKey();
            if (entry.getValue() == null) {
                loaded.remove(id);
                files.remove(id);
                continue;
            }
            try {
                loaded.put(id, parser.parse(entry.getValue()).withId(id));
            } catch (InvalidApiDefinitionException e) {
                problems.add(new Problem(directory.resolve(safeFileName(id) + ".json"), "(shared definition) " + e.getMessage()));
            }
        }
    }

    public synchronized Optional<ApiDefinition> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The file a loaded or saved definition lives in. */
    public synchronized Optional<Path> fileOf(String id) {
        return Optional.ofNullable(fileOf.get(id));
    }

    public synchronized List<ApiDefinition> all() {
        return List.copyOf(byId.values());
    }

    /** Writes the document to its file (a new one is {@code <id>.json}); atomic, so a reader never sees half a file. */
    public synchronized void save(ApiDefinition api) throws IOException {
        Files.createDirectories(directory);
        Path file = fileOf.getOrDefault(api.id(), directory.resolve(safeFileName(api.id()) + ".json"));
        Path temporary = directory.resolve("." + file.getFileName() + ".tmp");
        Files.writeString(temporary, GatewayJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(api.document()));
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        if (shared != null) {
            shared.save(api.id(), GatewayJson.MAPPER.writeValueAsString(api.document()));
        }
        byId.put(api.id(), api);
        fileOf.put(api.id(), file);
    }

    public synchronized boolean delete(String id) throws IOException {
        Path file = fileOf.remove(id);
        boolean known = byId.remove(id) != null;
        boolean deleted = file != null && Files.deleteIfExists(file);
        if (shared != null && known) {
            shared.delete(id);
            return true;
        }
        return deleted;
    }

    public synchronized List<ObjectNode> documents() {
        return byId.values().stream().map(ApiDefinition::document).toList();
    }

    private static String safeFileName(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
