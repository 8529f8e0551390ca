package io.sluice.gateway.middleware;

import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.exchange.RouteHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** The steps of one API in order, ending in its route handler. Immutable; shared by all requests to the API. */
public final class Chain {

    private static final Logger LOG = LoggerFactory.getLogger(Chain.class);

    private final List<Step> steps;
    private final RouteHandler terminal;

    public Chain(List<Step> steps, RouteHandler terminal) {
        this.steps = List.copyOf(steps);
        this.terminal = terminal;
    }

    public void run(Exchange exchange) {
        runFrom(0, exchange);
    }

    private void runFrom(int index, Exchange exchange) {
        try {
            if (exchange.answered()) {
                return;
            }
            if (index == steps.size()) {
                terminal.handle(exchange);
            } else {
                steps.get(index).handle(exchange, () -> runFrom(index + 1, exchange));
            }
        } catch (RuntimeException e) {
            LOG.error("Request to API {} failed in {}", exchange.api().id(),
                    index == steps.size() ? "its route handler" : steps.get(index).getClass().getSimpleName(), e);
            exchange.fail(500, ErrorMessages.UPSTREAM_FAILED);
        }
    }

    /** Step names in order, for logs and tests. */
    public List<String> stepNames() {
        return steps.stream().map(s -> s.getClass().getSimpleName()).toList();
    }

    public RouteHandler terminal() {
        return terminal;
    }
}
