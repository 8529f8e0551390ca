package io.sluice.console.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import java.nio.file.Path;

/**
 * Opens the console's database and brings its schema up to date with Flyway ({@code db/migration}): PostgreSQL for a
 * {@code jdbc:postgresql:} URL, an embedded H2 file (in PostgreSQL mode, so the same SQL runs) when no URL is set.
 */
public final class Database {

    private Database() {
    }

    /** The embedded database's URL for files under {@code directory} ({@code console.mv.db}). */
    public static String embeddedUrl(Path directory) {
        return "jdbc:h2:file:" + directory.toAbsolutePath().normalize().resolve("console")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    /**
     * @param url      a JDBC URL ({@code jdbc:postgresql://...} or {@code jdbc:h2:...})
     * @param schema   for PostgreSQL: the schema to use (created when missing), or null for the user's default
     */
    public static ConsoleStore open(String url, String user, String password, String schema) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        if (user != null && !user.isEmpty()) {
            pool.setUsername(user);
        }
        if (password != null && !password.isEmpty()) {
            pool.setPassword(password);
        }
        if (schema != null && url.startsWith("jdbc:postgresql:")) {
            pool.setSchema(schema);
        }
        pool.setPoolName("sluice-console");
        pool.setMaximumPoolSize(8);
        pool.setConnectionTimeout(10_000);
        pool.setInitializationFailTimeout(10_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the console database " + redacted(url) + ": " + rootMessage(e), e);
        }
        try {
            var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
            if (schema != null && url.startsWith("jdbc:postgresql:")) {
                flyway = flyway.schemas(schema).defaultSchema(schema).createSchemas(true);
            }
            flyway.load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new IllegalStateException("cannot migrate the console database " + redacted(url) + ": " + rootMessage(e), e);
        }
        return new JdbcConsoleStore(dataSource, dataSource);
    }

    private static String redacted(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
