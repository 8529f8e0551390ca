package io.sluice.connectors.schema;

import com.google.protobuf.Any;
import com.google.protobuf.Api;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Empty;
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.SourceContext;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Type;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.WrappersProto;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.ProtoFile;
import com.squareup.wire.schema.Schema;
import com.squareup.wire.schema.SchemaException;
import com.squareup.wire.schema.SchemaLoader;
import com.squareup.wire.schema.internal.SchemaEncoder;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Protobuf message types loaded at run time, as protobuf-java descriptors: from {@code .proto} files (parsed and
 * linked by Square's Wire, whose encoder gives the standard descriptor form), from descriptor sets written by
 * {@code protoc}, or from schema texts (as a schema registry hands them out).
 */
final class ProtoSchemas {
    /** The well-known types: protobuf-java's own descriptors, so JSON gets their special forms and files need not ship them. */
    private static final Map<String, FileDescriptor> WELL_KNOWN = Map.ofEntries(
            Map.entry("google/protobuf/any.proto", Any.getDescriptor().getFile()),
            Map.entry("google/protobuf/api.proto", Api.getDescriptor().getFile()),
            Map.entry("google/protobuf/duration.proto", Duration.getDescriptor().getFile()),
            Map.entry("google/protobuf/empty.proto", Empty.getDescriptor().getFile()),
            Map.entry("google/protobuf/field_mask.proto", FieldMask.getDescriptor().getFile()),
            Map.entry("google/protobuf/source_context.proto", SourceContext.getDescriptor().getFile()),
            Map.entry("google/protobuf/struct.proto", Struct.getDescriptor().getFile()),
            Map.entry("google/protobuf/timestamp.proto", Timestamp.getDescriptor().getFile()),
            Map.entry("google/protobuf/type.proto", Type.getDescriptor().getFile()),
            Map.entry("google/protobuf/wrappers.proto", WrappersProto.getDescriptor()),
            Map.entry("google/protobuf/descriptor.proto", DescriptorProtos.getDescriptor()));

    private final Map<String, FileDescriptor> files;
    private final Map<String, Descriptor> messages = new LinkedHashMap<>();
    private final TypeRegistry registry;

    private ProtoSchemas(Map<String, FileDescriptor> files) {
        this.files = files;
        TypeRegistry.Builder types = TypeRegistry.newBuilder();
        List<FileDescriptor> all = new ArrayList<>(files.values());
        all.addAll(WELL_KNOWN.values()); // so that google.protobuf.* can be named too, and packed in Any
        for (FileDescriptor f : all) {
            for (Descriptor d : f.getMessageTypes()) index(d);
            types.add(f.getMessageTypes());
        }
        this.registry = types.build();
    }

    private void index(Descriptor d) {
        messages.put(d.getFullName(), d);
        for (Descriptor nested : d.getNestedTypes()) index(nested);
    }

    /** Every {@code .proto} file under the roots, with imports resolved against the same roots. */
    static ProtoSchemas fromProtoRoots(List<Path> roots) throws IOException {
        SchemaLoader loader = new SchemaLoader(FileSystems.getDefault());
        List<Location> sources = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) throw new IOException("import path " + root + " is not a folder");
            sources.add(Location.get(root.toAbsolutePath().toString()));
        }
        loader.initRoots(sources, List.of());
        Schema schema;
        try {
            schema = loader.loadSchema();
        } catch (SchemaException | IllegalStateException | IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        return fromWire(schema);
    }

    /** Schema texts by file name (e.g. a registry's subject references), loaded as one set of files. */
    static ProtoSchemas fromTexts(Map<String, String> texts) throws IOException {
        Path dir = Files.createTempDirectory("sluice-proto");
        try {
            for (Map.Entry<String, String> e : texts.entrySet()) {
                Path file = dir.resolve(e.getKey()).normalize();
                if (!file.startsWith(dir)) throw new IOException("schema name " + e.getKey() + " leaves its folder");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
            }
            return fromProtoRoots(List.of(dir));
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /** Descriptor sets as {@code protoc --include_imports --descriptor_set_out} writes them. */
    static ProtoSchemas fromDescriptorSets(List<Path> paths) throws IOException {
        Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
        for (Path p : paths) {
            try {
                for (FileDescriptorProto f : FileDescriptorSet.parseFrom(Files.readAllBytes(p)).getFileList()) protos.put(f.getName(), f);
            } catch (InvalidProtocolBufferException e) {
                throw new IOException(p + " is not a protobuf descriptor set: " + e.getMessage(), e);
            }
        }
        return new ProtoSchemas(link(protos));
    }

    private static ProtoSchemas fromWire(Schema schema) throws IOException {
        SchemaEncoder encoder = new SchemaEncoder(schema);
        Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
        for (ProtoFile file : schema.getProtoFiles()) {
            String name = file.getLocation().getPath();
            if (WELL_KNOWN.containsKey(name) || name.startsWith("wire/")) continue;
            protos.put(name, FileDescriptorProto.parseFrom(encoder.encode(file).toByteArray()));
        }
        return new ProtoSchemas(link(protos));
    }

    /** Builds descriptors in import order. */
    private static Map<String, FileDescriptor> link(Map<String, FileDescriptorProto> protos) throws IOException {
        Map<String, FileDescriptor> built = new HashMap<>(WELL_KNOWN);
        Map<String, FileDescriptor> out = new LinkedHashMap<>();
        for (String name : protos.keySet()) out.put(name, build(name, protos, built, new ArrayList<>()));
        return out;
    }

    private static FileDescriptor build(String name, Map<String, FileDescriptorProto> protos, Map<String, FileDescriptor> built,
                                        List<String> chain) throws IOException {
        FileDescriptor done = built.get(name);
        if (done != null) return done;
        FileDescriptorProto proto = protos.get(name);
        if (proto == null) throw new IOException("imported file " + name + " was not found" + (chain.isEmpty() ? "" : " (imported by " + chain.getLast() + ")"));
        if (chain.contains(name)) throw new IOException("files import each other in a circle: " + String.join(" -> ", chain) + " -> " + name);
        chain.add(name);
        List<FileDescriptor> deps = new ArrayList<>();
        for (String dep : proto.getDependencyList()) deps.add(build(dep, protos, built, chain));
        chain.removeLast();
        try {
            FileDescriptor fd = FileDescriptor.buildFrom(proto, deps.toArray(new FileDescriptor[0]));
            built.put(name, fd);
            return fd;
        } catch (DescriptorValidationException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        }
    }

    /** The message type of this full name (package and nesting, e.g. {@code shop.v1.Order.Line}), or null. */
    Descriptor message(String fullName) {
        return messages.get(fullName.startsWith(".") ? fullName.substring(1) : fullName);
    }

    List<String> messageNames() {
        return List.copyOf(messages.keySet());
    }

    /** Files in load order; for schema registry texts, the schema's own file is the one named by the caller. */
    FileDescriptor file(String name) {
        return files.get(name);
    }

    TypeRegistry typeRegistry() {
        return registry;
    }
}
