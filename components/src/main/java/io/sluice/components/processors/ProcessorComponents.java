package io.sluice.components.processors;

import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;

/** Registers the processors that need no external client: flow control, batching, caching and utilities. */
public final class ProcessorComponents implements ComponentProvider {

    @Override
    public void register(ComponentRegistry r) {
        r.register(NoopProcessor.SPEC, NoopProcessor::create);
        r.register(LogProcessor.SPEC, LogProcessor::create);
        r.register(MetricProcessor.SPEC, MetricProcessor::create);
        r.register(SleepProcessor.SPEC, SleepProcessor::create);
        r.register(BoundsCheckProcessor.SPEC, BoundsCheckProcessor::create);
        r.register(InsertPartProcessor.SPEC, InsertPartProcessor::create);
        r.register(SelectPartsProcessor.SPEC, SelectPartsProcessor::create);
        r.register(SplitProcessor.SPEC, SplitProcessor::create);
        r.register(CatchProcessor.SPEC, CatchProcessor::create);
        r.register(TryProcessor.SPEC, TryProcessor::create);
        r.register(SwitchProcessor.SPEC, SwitchProcessor::create);
        r.register(WhileProcessor.SPEC, WhileProcessor::create);
        r.register(ForEachProcessor.SPEC, ForEachProcessor::create);
        r.register(ParallelProcessor.SPEC, ParallelProcessor::create);
        r.register(BranchProcessor.SPEC, BranchProcessor::create);
        r.register(WorkflowProcessor.SPEC, WorkflowProcessor::create);
        r.register(GroupByProcessor.SPEC, GroupByProcessor::create);
        r.register(GroupByValueProcessor.SPEC, GroupByValueProcessor::create);
        r.register(DedupeProcessor.SPEC, DedupeProcessor::create);
        r.register(CacheProcessor.SPEC, CacheProcessor::create);
        r.register(CachedProcessor.SPEC, CachedProcessor::create);
        r.register(RateLimitProcessor.SPEC, RateLimitProcessor::create);
        r.register(JqProcessor.SPEC, JqProcessor::create);
        r.register(JmespathProcessor.SPEC, JmespathProcessor::create);
        r.register(JsonSchemaProcessor.SPEC, JsonSchemaProcessor::create);
        r.register(MsgpackProcessor.SPEC, MsgpackProcessor::create);
        r.register(RetryProcessor.SPEC, RetryProcessor::create);
        r.register(ProcessorsProcessor.SPEC, ProcessorsProcessor::create);
        r.register(ResourceProcessor.SPEC, ResourceProcessor::create);
        r.register(CompressProcessor.SPEC, CompressProcessor::create);
        r.register(DecompressProcessor.SPEC, DecompressProcessor::create);
        r.register(ArchiveProcessor.SPEC, ArchiveProcessor::create);
        r.register(UnarchiveProcessor.SPEC, UnarchiveProcessor::create);
        r.register(ParseLogProcessor.SPEC, ParseLogProcessor::create);
        r.register(GrokProcessor.SPEC, GrokProcessor::create);
        r.register(CommandProcessor.SPEC, CommandProcessor::create);
        r.register(SubprocessProcessor.SPEC, SubprocessProcessor::create);
        r.register(AwkProcessor.SPEC, AwkProcessor::create);
    }
}
