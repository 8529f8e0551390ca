package io.sluice.bloblang.lib;

import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The registry of functions and methods a mapping can call. {@link #standard()} holds everything found
 * through {@link LibraryModule} services; {@link #copy()} gives an environment that can be extended
 * (or restricted) without affecting others.
 */
public final class Library {

    /** A registered function. */
    public record FunctionEntry(FunctionSpec spec, FunctionFactory factory) {
    }

    /** A registered method. */
    public record MethodEntry(MethodSpec spec, MethodFactory factory) {
    }

    private final Map<String, FunctionEntry> functions;
    private final Map<String, MethodEntry> methods;
    private final Map<String, String> origins;
    /** Functions taken out of a restricted library, with the reason a call to one gives. */
    private final Map<String, String> refusals;
    private boolean frozen;

    private Library(Map<String, FunctionEntry> functions, Map<String, MethodEntry> methods, Map<String, String> origins,
                    Map<String, String> refusals) {
        this.functions = functions;
        this.methods = methods;
        this.origins = origins;
        this.refusals = refusals;
    }

    public static Library empty() {
        return new Library(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
    }

    /** All modules on the class path; built once and read-only. */
    public static Library standard() {
        return Standard.INSTANCE;
    }

    private static final class Standard {
        static final Library INSTANCE = load();

        private static Library load() {
            Library lib = empty();
            for (LibraryModule module : ServiceLoader.load(LibraryModule.class, Library.class.getClassLoader())) {
                lib.currentModule = module.getClass().getName();
                module.register(lib);
            }
            lib.currentModule = null;
            lib.frozen = true;
            return lib;
        }
    }

    private String currentModule;

    /** A modifiable copy. */
    public Library copy() {
        return new Library(new TreeMap<>(functions), new TreeMap<>(methods), new TreeMap<>(origins), new TreeMap<>(refusals));
    }

    // ---- registration --------------------------------------------------------------------------

    public Library addFunction(FunctionSpec spec, FunctionFactory factory) {
        checkWritable();
        claim("function " + spec.name());
        functions.put(spec.name(), new FunctionEntry(spec, factory));
        return this;
    }

    /** A method with full control of its target (see {@link MethodFactory}). */
    public Library addMethod(MethodSpec spec, MethodFactory factory) {
        checkWritable();
        claim("method " + spec.name());
        methods.put(spec.name(), new MethodEntry(spec, factory));
        return this;
    }

    /**
     * The common kind of method: the target is evaluated first, its value handed to the
     * {@link ValueMethod}, and errors are attributed to the target ({@code field `this.a`: ...}).
     */
    public Library addValueMethod(MethodSpec spec, ValueMethodFactory factory) {
        return addMethod(spec, (target, args) -> new ValueMethodQuery(spec.name(), target, factory.create(args)));
    }

    /** Removes a function (for restricted environments). */
    public Library removeFunction(String name) {
        checkWritable();
        functions.remove(name);
        return this;
    }

    /** Removes a function so that calling it fails to compile with {@code reason} (for sandboxes). */
    public Library refuseFunction(String name, String reason) {
        removeFunction(name);
        refusals.put(name, reason);
        return this;
    }

    /** Why a refused function may not be called here; empty for any other name. */
    public Optional<String> refusal(String name) {
        return Optional.ofNullable(refusals.get(name));
    }

    public Library removeMethod(String name) {
        checkWritable();
        methods.remove(name);
        return this;
    }

    private void checkWritable() {
        if (frozen) throw new IllegalStateException("the standard library is read-only; use Library.standard().copy()");
    }

    private void claim(String key) {
        String owner = currentModule == null ? "<direct>" : currentModule;
        String previous = origins.putIfAbsent(key, owner);
        if (previous != null && currentModule != null) {
            throw new IllegalStateException(key + " is registered twice: by " + previous + " and by " + owner);
        }
        origins.put(key, owner);
    }

    // ---- lookup --------------------------------------------------------------------------------

    public Optional<FunctionEntry> function(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    public Optional<MethodEntry> method(String name) {
        return Optional.ofNullable(methods.get(name));
    }

    public Collection<FunctionEntry> functions() {
        return Collections.unmodifiableCollection(functions.values());
    }

    public Collection<MethodEntry> methods() {
        return Collections.unmodifiableCollection(methods.values());
    }

    /** The module class that registered {@code kind + " " + name} (e.g. {@code "method uppercase"}), for diagnostics. */
    public Optional<String> origin(String kindAndName) {
        return Optional.ofNullable(origins.get(kindAndName));
    }

    /** Runs a {@link ValueMethod} on the value of its target. */
    private record ValueMethodQuery(String name, Query target, ValueMethod body) implements Query {
        @Override
        public Object exec(ExecContext ctx) {
            Object v = target.exec(ctx);
            try {
                return body.apply(v, ctx);
            } catch (QueryException e) {
                throw e.from(target);
            } catch (RuntimeException e) {
                throw QueryException.wrap(e, target);
            }
        }

        @Override
        public String annotation() {
            return "method " + name;
        }
    }
}
