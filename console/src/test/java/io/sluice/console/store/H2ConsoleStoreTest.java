package io.sluice.console.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The contract on the embedded database: an H2 file, as the embedded default uses. */
class H2ConsoleStoreTest extends ConsoleStoreContract {

    @TempDir
    Path directory;

    @Override
    protected ConsoleStore openFresh() {
        return reopen();
    }

    @Override
    protected ConsoleStore reopen() {
        return Database.open(Database.embeddedUrl(directory), "", "", null);
    }
}
