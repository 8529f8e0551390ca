package io.sluice.connectors.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small set of .proto files with a package, an import between files, a nested type, an enum, a map and a well-known type. */
final class ProtoFixtures {
    static final String MONEY = """
            syntax = "proto3";
            package shop.common;
            message Money {
              string currency = 1;
              int64 units = 2;
            }
            """;

    static final String ORDER = """
            syntax = "proto3";
            package shop.v1;
            import "common/money.proto";
            import "google/protobuf/timestamp.proto";
            message Order {
              string id = 1;
              repeated Line lines = 2;
              Status status = 3;
              google.protobuf.Timestamp placed_at = 4;
              map<string, string> tags = 5;
              message Line {
                string sku = 1;
                shop.common.Money price = 2;
                int32 qty = 3;
              }
              enum Status {
                STATUS_UNSPECIFIED = 0;
                PLACED = 1;
                SHIPPED = 2;
              }
            }
            """;

    static final String ORDER_JSON = "{\"id\":\"o-1\",\"lines\":[{\"sku\":\"ABC\",\"price\":{\"currency\":\"EUR\",\"units\":\"1250\"},\"qty\":2}],"
            + "\"status\":\"PLACED\",\"placedAt\":\"2024-05-01T12:00:00Z\",\"tags\":{\"channel\":\"web\"}}";

    private ProtoFixtures() {
    }

    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("common"));
        Files.writeString(dir.resolve("common/money.proto"), MONEY);
        Files.writeString(dir.resolve("order.proto"), ORDER);
        return dir;
    }
}
