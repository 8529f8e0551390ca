package io.sluice.core.component;

import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

import java.util.List;

/**
 * A processor that works on one part at a time. An exception flags the part with the error and
 * keeps it, as the dialect's error handling expects.
 */
public abstract class PartProcessor implements Processor {
    protected final ComponentContext ctx;

    protected PartProcessor(ComponentContext ctx) {
        this.ctx = ctx;
    }

    /** Returns the parts that replace {@code batch.get(index)}: usually one, none to drop it, several to split it. */
    protected abstract List<Part> processPart(Batch batch, int index) throws Exception;

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        Batch out = Batch.withCapacity(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Part part = batch.get(i);
            try {
                out.parts().addAll(processPart(batch, i));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                ctx.log().debug("processor failed: {}", e.getMessage());
                part.setError(e);
                out.add(part);
            }
        }
        return out.isEmpty() ? List.of() : List.of(out);
    }
}
