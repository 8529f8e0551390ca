package io.sluice.console;

import io.sluice.gateway.Gateway;
import io.sluice.gateway.GatewayCompanion;

import java.io.PrintStream;

/** Starts the dashboard and the developer portal beside {@code sluice gateway} (found by the launcher). */
public final class ConsoleCompanion implements GatewayCompanion {

    @Override
    public AutoCloseable start(Gateway gateway, PrintStream out) {
        Console console = Console.start(gateway);
        if (console == null) {
            return null;
        }
        out.println();
        console.banner().forEach(out::println);
        return console;
    }
}
