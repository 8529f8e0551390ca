package io.sluice.components.io;

import io.sluice.components.io.scanner.ChunkerScanner;
import io.sluice.components.io.scanner.DecompressScanner;
import io.sluice.components.io.scanner.LinesScanner;
import io.sluice.components.io.scanner.ReMatchScanner;
import io.sluice.components.io.scanner.Scanner;
import io.sluice.components.io.scanner.SkipBomScanner;
import io.sluice.components.io.scanner.SwitchScanner;
import io.sluice.components.io.scanner.ToTheEndScanner;
import io.sluice.core.config.ConfigException;
import io.sluice.core.regex.Regex;
import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.Conf;

import java.util.ArrayList;
import java.util.List;

/** Registers the local I/O and utility components: inputs, outputs, a cache, a rate limit and the scanners. */
public final class IoComponents implements ComponentProvider {

    @Override
    public void register(ComponentRegistry r) {
        // inputs
        r.register(GenerateInput.SPEC, GenerateInput::create);
        r.register(StdinInput.SPEC, StdinInput::create);
        r.register(FileInput.SPEC, FileInput::create);
        r.register(BrokerInput.SPEC, BrokerInput::create);

        // outputs
        r.register(StdoutOutput.SPEC, StdoutOutput::create);
        r.register(DropOutput.SPEC, (conf, ctx) -> new DropOutput());
        r.register(FileOutput.SPEC, FileOutput::create);
        r.register(RejectOutput.SPEC, RejectOutput::create);
        r.register(DropOnOutput.SPEC, DropOnOutput::create);
        r.register(FallbackOutput.SPEC, FallbackOutput::create);
        r.register(RetryOutput.SPEC, RetryOutput::create);
        r.register(SwitchOutput.SPEC, SwitchOutput::create);
        r.register(BrokerOutput.SPEC, BrokerOutput::create);

        // buffers
        r.register(SystemWindowBuffer.SPEC, SystemWindowBuffer::create);

        // resources
        r.register(MemoryCache.SPEC, MemoryCache::create);
        r.register(LocalRateLimit.SPEC, LocalRateLimit::create);

        // scanners
        r.register(LinesScanner.SPEC, (conf, ctx) -> LinesScanner.from(conf));
        r.register(ToTheEndScanner.SPEC, (conf, ctx) -> new ToTheEndScanner());
        r.register(ChunkerScanner.SPEC, (conf, ctx) -> {
            int size = conf.integer("size");
            if (size <= 0) throw invalid(conf.child("size"), "chunk size must be greater than zero");
            return new ChunkerScanner(size);
        });
        r.register(ReMatchScanner.SPEC, (conf, ctx) -> new ReMatchScanner(pattern(conf.child("pattern")), conf.integer("max_buffer_size")));
        r.register(SkipBomScanner.SPEC, (conf, ctx) -> new SkipBomScanner((Scanner) ctx.build(ComponentKind.SCANNER, conf.child("into"))));
        r.register(DecompressScanner.SPEC, (conf, ctx) -> {
            String algorithm = conf.string("algorithm");
            if (!DecompressScanner.SUPPORTED.contains(algorithm)) {
                throw invalid(conf.child("algorithm"), "decompression algorithm '" + algorithm + "' is not supported yet (use one of "
                        + DecompressScanner.SUPPORTED + ")");
            }
            return new DecompressScanner(algorithm, (Scanner) ctx.build(ComponentKind.SCANNER, conf.child("into")));
        });
        r.register(SwitchScanner.SPEC, (conf, ctx) -> {
            List<SwitchScanner.Candidate> candidates = new ArrayList<>();
            for (Conf c : conf.elements()) {
                Regex p = c.isSet("re_match_name") ? pattern(c.child("re_match_name")) : null;
                candidates.add(new SwitchScanner.Candidate(p, (Scanner) ctx.build(ComponentKind.SCANNER, c.child("scanner"))));
            }
            return new SwitchScanner(candidates);
        });
    }

    private static Regex pattern(Conf c) throws ConfigException {
        try {
            return Regex.compile(c.asString());
        } catch (IllegalArgumentException e) {
            throw invalid(c, "invalid regular expression: " + e.getMessage());
        }
    }

    private static ConfigException invalid(Conf c, String message) {
        return new ConfigException(c.position(), c.path(), message);
    }
}
