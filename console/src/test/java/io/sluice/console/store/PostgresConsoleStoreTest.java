package io.sluice.console.store;

import io.sluice.testkit.Services;
import org.junit.jupiter.api.AfterEach;

import java.sql.DriverManager;
import java.util.UUID;

/** The contract on the machine's PostgreSQL (127.0.0.1:5432, database {@code test}), in a schema of its own per test. */
class PostgresConsoleStoreTest extends ConsoleStoreContract {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";

    private String schema;

    @Override
    protected ConsoleStore openFresh() {
        Services.require("PostgreSQL", "127.0.0.1", 5432);
        schema = "sluice_console_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return reopen();
    }

    @Override
    protected ConsoleStore reopen() {
        return Database.open(URL, USER, "", schema);
    }

    @AfterEach
    void dropSchema() throws Exception {
        try (var connection = DriverManager.getConnection(URL, USER, "");
             var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
