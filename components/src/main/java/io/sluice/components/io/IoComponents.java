package io.sluice.components.io;

import io.sluice.components.io.scanner.ChunkerScanner;
import io.sluice.components.io.scanner.DecompressScanner;
import io.sluice.components.io.scanner.LinesScanner;
import io.sluice.components.io.scanner.ReMatchScanner;
import io.sluice.components.io.scanner.SkipBomScanner;
import io.sluice.components.io.scanner.SwitchScanner;
import io.sluice.components.io.scanner.ToTheEndScanner;
import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;

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
        r.register(LinesScanner.SPEC, LinesScanner::create);
        r.register(ToTheEndScanner.SPEC, ToTheEndScanner::create);
        r.register(ChunkerScanner.SPEC, ChunkerScanner::create);
        r.register(ReMatchScanner.SPEC, ReMatchScanner::create);
        r.register(SkipBomScanner.SPEC, SkipBomScanner::create);
        r.register(DecompressScanner.SPEC, DecompressScanner::create);
        r.register(SwitchScanner.SPEC, SwitchScanner::create);
    }
}
