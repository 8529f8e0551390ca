package io.sluice.gateway.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.runtime.GatewayJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads policies from files as Tyk does: a file holds one policy object or a map of id to policy. A policy without
 * {@code id} takes its map key or file name. Unreadable files are logged with their name and skipped. Blocking IO.
 */
public final class PolicyFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyFiles.class);

    private PolicyFiles() {
    }

    public static Map<String, Policy> read(String policyPath, String recordFile) {
        Map<String, Policy> policies = new LinkedHashMap<>();
        if (recordFile != null && !recordFile.isBlank()) {
            readFile(Path.of(recordFile), policies);
        }
        if (policyPath != null && !policyPath.isBlank() && Files.isDirectory(Path.of(policyPath))) {
            TreeSet<Path> files = new TreeSet<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of(policyPath), "*.json")) {
                entries.forEach(files::add);
            } catch (IOException e) {
                LOG.error("Cannot list policies in {}: {}", policyPath, e.getMessage());
            }
            files.forEach(file -> readFile(file, policies));
        }
        return policies;
    }

    private static void readFile(Path file, Map<String, Policy> into) {
        try {
            JsonNode root = GatewayJson.MAPPER.readTree(Files.readString(file));
            String fileName = file.getFileName().toString().replaceFirst("\\.json$", "");
            boolean singlePolicy = root.has("access_rights") || root.has("rate") || root.has("quota_max") || root.has("id");
            if (singlePolicy) {
                Policy policy = GatewayJson.MAPPER.treeToValue(root, Policy.class);
                add(policy.id().isEmpty() ? policy.withId(fileName) : policy, into);
            } else {
                for (var entry : root.properties()) {
                    Policy policy = GatewayJson.MAPPER.treeToValue(entry.getValue(), Policy.class);
                    add(policy.id().isEmpty() ? policy.withId(entry.getKey()) : policy, into);
                }
            }
        } catch (IOException e) {
            LOG.error("Skipping policy file {}: {}", file, e.getMessage());
        }
    }

    private static void add(Policy policy, Map<String, Policy> into) {
        into.put(policy.id(), policy);
    }

    /** Writes one policy as {@code <policy_path>/<id>.json}, so policies made through the API survive in files too. */
    public static void write(String policyPath, Policy policy) throws IOException {
        Path directory = Path.of(policyPath);
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(policy.id().replaceAll("[^A-Za-z0-9._-]", "_") + ".json"),
                GatewayJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(policy));
    }

    public static void remove(String policyPath, String id) throws IOException {
        Files.deleteIfExists(Path.of(policyPath).resolve(id.replaceAll("[^A-Za-z0-9._-]", "_") + ".json"));
    }
}
