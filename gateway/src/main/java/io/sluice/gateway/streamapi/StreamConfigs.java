package io.sluice.gateway.streamapi;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.config.Position;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.engine.StreamSpec;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.apidef.InvalidApiDefinitionException;
import io.sluice.gateway.streaming.DeliveryGuard;
import io.sluice.gateway.streaming.StreamRoutes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the streams of a definition and checks them, so that a definition the gateway cannot run is refused before
 * it is stored or served: every stream's config is parsed (YAML text or JSON object; {@code ${ENV}} variables only where allowed),
 * linted against the component registry and built (components check their own fields, e.g. {@code address} is refused
 * inside an API), and the endpoint paths of all streams are compared. Components, Bloblang functions and
 * {@code ${VAR}}s that reach the gateway host are refused unless {@code streaming.allow_unsafe} lists them
 * ({@link HostAccess}); streams are built with the restricted mapping language. A template is checked with its variables
 * replaced by a placeholder; problems in fields holding a variable are left for the request that fills them in.
 * Problems name the API, the stream and the field: {@code x-tyk-streaming.streams.feed.output.http_server.adress: ...}.
 */
final class StreamConfigs {

    private static final String PLACEHOLDER = "0";

    private final ComponentRegistry registry;
    private final HostAccess hostAccess;
    private final Set<String> checked = ConcurrentHashMap.newKeySet();

    /** A stream ready to build: its source, its parsed tree and the endpoints it will serve. */
    record Prepared(StreamingSection.StreamSource source, ConfigNode tree, List<StreamPaths.Endpoint> endpoints) {
        /** A template runs per filled-in config; references only in per-connection fields do not make one. */
        boolean template() {
            return ContextVariables.usesIn(tree);
        }
    }

    StreamConfigs(ComponentRegistry registry, HostAccess hostAccess) {
        this.registry = registry;
        this.hostAccess = hostAccess;
    }

    /** Parses the section and every stream (no building); throws on the first stream that cannot be read. */
    List<Prepared> prepare(ApiDefinition api, StreamingSection section) throws InvalidApiDefinitionException {
        List<String> problems = new ArrayList<>();
        List<Prepared> prepared = prepareAll(api, section, problems);
        if (!problems.isEmpty()) {
            throw refusal(problems);
        }
        return prepared;
    }

    /** The full check; results are remembered per (API id, x-tyk-streaming), so a reload re-checks only changes. */
    void check(ApiDefinition api) throws InvalidApiDefinitionException {
        if (!api.isStreamApi()) {
            return;
        }
        String fingerprint = api.id() + "\n" + api.streaming();
        if (checked.contains(fingerprint)) {
            return;
        }
        StreamingSection section = StreamingSection.parse(api.streaming());
        List<String> problems = new ArrayList<>();
        List<Prepared> prepared = prepareAll(api, section, problems);
        for (Prepared stream : prepared) {
            Set<Position> variables = new HashSet<>();
            ConfigNode tree = stream.template()
                    ? ContextVariables.substitute(stream.tree(), ref -> PLACEHOLDER, variables)
                    : stream.tree();
            try {
                build("check/" + api.id() + "/" + stream.source().name(), tree, Map.of(
                        StreamRoutes.class, (StreamRoutes) endpoint -> {
                            throw new IllegalStateException("not mounted while checking");
                        },
                        DeliveryGuard.class, DeliveryGuard.OPEN));
            } catch (ConfigException e) {
                Set<Integer> variableLines = new HashSet<>();
                variables.forEach(p -> variableLines.add(p.line()));
                for (ConfigProblem problem : e.problems()) {
                    if (variables.contains(problem.pos()) || variableLines.contains(problem.pos().line())) {
                        continue; // depends on a value only a request provides
                    }
                    problems.add(describe(api, stream.source(), problem));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw refusal(problems);
        }
        if (checked.size() > 512) {
            checked.clear();
        }
        checked.add(fingerprint);
    }

    /** Builds (does not start) a stream from a parsed (and, for a template instance, filled-in) tree. */
    Stream build(String name, ConfigNode tree, Map<Class<?>, Object> services) throws ConfigException {
        Map<Class<?>, Object> withLanguage = new HashMap<>(services);
        withLanguage.put(ExpressionLanguage.class, hostAccess.language());
        return new StreamBuilder(registry, withLanguage).build(name, tree);
    }

    private List<Prepared> prepareAll(ApiDefinition api, StreamingSection section, List<String> problems) {
        List<Prepared> out = new ArrayList<>();
        Map<String, StreamPaths.Endpoint> claimed = new LinkedHashMap<>();
        Map<String, String> claimedBy = new HashMap<>();
        for (StreamingSection.StreamSource source : section.streams().values()) {
            ConfigNode tree;
            int before = problems.size();
            List<ConfigProblem> hostProblems = new ArrayList<>();
            try {
                tree = hostAccess.parse(source.text(), source.parserName(), hostProblems);
            } catch (ConfigException e) {
                e.problems().forEach(p -> problems.add(describe(api, source, p)));
                continue;
            }
            hostProblems.addAll(hostAccess.refusals(tree, StreamSpec.ROOT));
            hostProblems.forEach(p -> problems.add(describe(api, source, p)));
            if (!(tree instanceof ConfigNode.MapNode root)) {
                problems.add(describe(api, source, new ConfigProblem(tree.pos(), "", "a stream config must be an object")));
                continue;
            }
            for (String required : List.of("input", "output")) {
                if (root.get(required) == null) {
                    problems.add(describe(api, source, new ConfigProblem(root.pos(), required,
                            "is required in a stream of an API (there is no stdin or stdout inside the gateway)")));
                }
            }
            if (root.has("http")) {
                problems.add(describe(api, source, new ConfigProblem(root.entries().get("http").keyPos(), "http",
                        "is not allowed inside an API: the gateway serves stream endpoints on its own port")));
            }
            List<ConfigProblem> pathProblems = new ArrayList<>();
            List<StreamPaths.Endpoint> endpoints = StreamPaths.of(root, pathProblems);
            pathProblems.forEach(p -> problems.add(describe(api, source, p)));
            for (StreamPaths.Endpoint endpoint : endpoints) {
                StreamPaths.Endpoint other = claimed.putIfAbsent(endpoint.path(), endpoint);
                if (other != null) {
                    String owner = claimedBy.get(endpoint.path());
                    problems.add(describe(api, source, new ConfigProblem(endpoint.pos(), endpoint.field(), "path '" + endpoint.path()
                            + "' is already served by " + (owner.equals(source.name()) ? "this stream at " + other.field()
                            : "stream '" + owner + "' (" + other.field() + ")"))));
                } else {
                    claimedBy.put(endpoint.path(), source.name());
                }
            }
            if (problems.size() == before) {
                out.add(new Prepared(source, tree, List.copyOf(endpoints)));
            }
        }
        return out;
    }

    private static String describe(ApiDefinition api, StreamingSection.StreamSource source, ConfigProblem problem) {
        String field = source.field() + (problem.path() == null || problem.path().isEmpty() ? "" : "." + problem.path());
        String where = source.yaml() && problem.pos().line() > 0
                ? " (line " + problem.pos().line() + ", column " + problem.pos().column() + " of the YAML)" : "";
        return field + where + ": " + problem.message() + " [API '" + api.id() + "', stream '" + source.name() + "']";
    }

    private static InvalidApiDefinitionException refusal(List<String> problems) {
        String first = problems.getFirst();
        int colon = first.indexOf(": ");
        String rest = problems.size() == 1 ? "" : "; " + String.join("; ", problems.subList(1, problems.size()));
        return new InvalidApiDefinitionException(first.substring(0, colon), first.substring(colon + 2) + rest);
    }
}
