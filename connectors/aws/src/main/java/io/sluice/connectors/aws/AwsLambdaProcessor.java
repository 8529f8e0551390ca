package io.sluice.connectors.aws;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.component.RateLimit;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/** The {@code aws_lambda} processor: invokes a Lambda function with each message and takes its result. */
final class AwsLambdaProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("aws_lambda")
            .categories("Integration")
            .summary("Invokes an AWS Lambda function with each message and replaces the message by the function's result.")
            .description("""
                    Each message is the payload of a synchronous invocation (`RequestResponse`), signed with AWS \
                    Signature Version 4 by the AWS SDK for Java. The function's response becomes the message; metadata \
                    is kept. When the function reports an error (or the call fails after `retries` retries), the \
                    message is kept as it was and flagged with the error and the function's error payload, for `catch` \
                    or `try`. The messages of a batch are sent one after another, or all at once with `parallel`. \
                    Credentials come from `credentials` when given, else from the usual AWS sources (environment, \
                    profile files, container or instance roles), optionally assuming `credentials.role`.""")
            .fields(FieldSpec.string("function")
                            .description("The function to invoke: its name, ARN or partial ARN, optionally with a version or alias.")
                            .example("enrich-order", "arn:aws:lambda:eu-west-1:123456789012:function:enrich-order:live"),
                    FieldSpec.bool("parallel").defaultValue(false)
                            .description("Invoke the function for all messages of a batch at once."),
                    FieldSpec.string("rate_limit").defaultValue("").references(ComponentKind.RATE_LIMIT).advanced()
                            .description("A rate limit resource to ask before each invocation."),
                    FieldSpec.string("region").defaultValue("")
                            .description("The AWS region of the function; empty takes it from the environment.")
                            .example("eu-west-1"),
                    FieldSpec.string("endpoint").defaultValue("").advanced()
                            .description("A URL to send requests to instead of the region's Lambda endpoint (e.g. a local emulator).")
                            .example("http://localhost:4566"),
                    FieldSpec.object("credentials",
                                    FieldSpec.string("profile").defaultValue("").description("A profile of the shared credentials file to use."),
                                    FieldSpec.string("id").defaultValue("").description("An access key id."),
                                    FieldSpec.string("secret").defaultValue("").description("The secret of the access key."),
                                    FieldSpec.string("token").defaultValue("").description("A session token, for temporary credentials."),
                                    FieldSpec.bool("from_ec2_role").defaultValue(false)
                                            .description("Use the role of the instance or container; the usual sources include it anyway."),
                                    FieldSpec.string("role").defaultValue("").description("A role to assume with the credentials above."),
                                    FieldSpec.string("role_external_id").defaultValue("").description("The external id to present when assuming `role`."))
                            .advanced()
                            .description("How to authenticate; leave out to use the usual AWS sources."),
                    FieldSpec.duration("timeout").defaultValue("5s").advanced()
                            .description("How long one invocation may take, retries included."),
                    FieldSpec.integer("retries").defaultValue(3).advanced()
                            .rule(v -> v instanceof Long l && l < 0 ? "retries must not be negative" : null)
                            .description("How many times to retry an invocation that failed to reach the function."))
            .example("Enrich orders", "Each order is handed to a function that returns it with a risk score.", """
                    pipeline:
                      processors:
                        - aws_lambda:
                            function: score-order
                            region: eu-west-1
                            parallel: true
                        - catch:
                            - log:
                                message: 'scoring failed: ${! error() }'
                    """);

    private final LambdaClient client;
    private final String function;
    private final boolean parallel;
    private final RateLimit rateLimit;
    private final ComponentContext ctx;

    AwsLambdaProcessor(LambdaClient client, String function, boolean parallel, RateLimit rateLimit, ComponentContext ctx) {
        this.client = client;
        this.function = function;
        this.parallel = parallel;
        this.rateLimit = rateLimit;
        this.ctx = ctx;
    }

    static AwsLambdaProcessor create(Conf conf, ComponentContext ctx) throws Exception {
        LambdaClientBuilder b = LambdaClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(credentials(conf.child("credentials"), conf.string("region")))
                .overrideConfiguration(o -> o.apiCallTimeout(conf.duration("timeout"))
                        .retryPolicy(RetryPolicy.builder().numRetries(conf.integer("retries")).build()));
        if (!conf.string("region").isEmpty()) b.region(Region.of(conf.string("region")));
        if (!conf.string("endpoint").isEmpty()) {
            try {
                b.endpointOverride(URI.create(conf.string("endpoint")));
            } catch (IllegalArgumentException e) {
                throw conf.invalid("endpoint", "invalid endpoint URL: " + e.getMessage());
            }
        }
        LambdaClient client;
        try {
            client = b.build();
        } catch (SdkException e) {
            throw conf.invalid("cannot set up the Lambda client: " + e.getMessage());
        }
        RateLimit limit = conf.string("rate_limit").isEmpty() ? null : ctx.resources().rateLimit(conf.string("rate_limit"));
        return new AwsLambdaProcessor(client, conf.string("function"), conf.bool("parallel"), limit, ctx);
    }

    private static AwsCredentialsProvider credentials(Conf c, String region) {
        AwsCredentialsProvider base;
        if (c.isPresent() && !c.string("id").isEmpty()) {
            base = StaticCredentialsProvider.create(c.string("token").isEmpty()
                    ? AwsBasicCredentials.create(c.string("id"), c.string("secret"))
                    : AwsSessionCredentials.create(c.string("id"), c.string("secret"), c.string("token")));
        } else if (c.isPresent() && !c.string("profile").isEmpty()) {
            base = ProfileCredentialsProvider.create(c.string("profile"));
        } else {
            base = DefaultCredentialsProvider.builder().build();
        }
        if (!c.isPresent() || c.string("role").isEmpty()) return base;
        var sts = StsClient.builder().httpClient(UrlConnectionHttpClient.create()).credentialsProvider(base);
        if (!region.isEmpty()) sts.region(Region.of(region));
        return StsAssumeRoleCredentialsProvider.builder().stsClient(sts.build())
                .refreshRequest(r -> {
                    r.roleArn(c.string("role")).roleSessionName("sluice");
                    if (!c.string("role_external_id").isEmpty()) r.externalId(c.string("role_external_id"));
                }).build();
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        if (!parallel || batch.size() == 1) {
            for (Part p : batch) invoke(p);
            return List.of(batch);
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (Part p : batch) calls.add(pool.submit(() -> {
                invoke(p);
                return null;
            }));
            for (Future<?> f : calls) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("an invocation failed unexpectedly", e.getCause());
                }
            }
        }
        return List.of(batch);
    }

    private void invoke(Part part) throws InterruptedException {
        try {
            awaitRateLimit();
            InvokeResponse r = client.invoke(i -> i.functionName(function).payload(SdkBytes.fromByteArray(part.bytes())));
            if (r.functionError() != null) {
                part.setError(new LambdaFailure("function " + function + " failed (" + r.functionError() + "): "
                        + r.payload().asString(StandardCharsets.UTF_8)));
                return;
            }
            part.setBytes(r.payload().asByteArray());
        } catch (SdkException e) {
            ctx.log().debug("invoking {} failed: {}", function, e.getMessage());
            part.setError(new LambdaFailure("invoking " + function + " failed: " + e.getMessage()));
        }
    }

    private void awaitRateLimit() throws InterruptedException {
        if (rateLimit == null) return;
        while (true) {
            Duration wait;
            try {
                wait = rateLimit.access();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                ctx.log().warn("rate limit failed, invoking anyway: {}", e.getMessage());
                return;
            }
            if (wait.isZero() || wait.isNegative()) return;
            Thread.sleep(wait);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** A message-level failure: carried on the part, no stack trace. */
    static final class LambdaFailure extends Exception {
        LambdaFailure(String message) {
            super(message, null, false, false);
        }
    }
}
