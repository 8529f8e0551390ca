package io.sluice.connectors.aws;

import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;

/** Registers the AWS components: the {@code aws_lambda} processor. */
public final class AwsComponents implements ComponentProvider {

    @Override
    public void register(ComponentRegistry r) {
        r.register(AwsLambdaProcessor.SPEC, AwsLambdaProcessor::create);
    }
}
