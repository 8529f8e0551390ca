package io.sluice.connectors.redis;

import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Processor;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.expr.Mapping;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code redis} processor: runs a command (with arguments from {@code args_mapping}) for each message
 * and replaces the message with the reply. The old {@code operator} + {@code key} form is supported.
 */
final class RedisProcessor extends PartProcessor {

    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        List<FieldSpec> f = new ArrayList<>(RedisConnector.fields());
        f.add(FieldSpec.string("command").interpolated().optional().description("The Redis command to run for each message, e.g. `hget`; interpolated, so each message can pick its own.")
                .example("hget", "zincrby", "${! @redis_command }"));
        f.add(FieldSpec.bloblang("args_mapping").optional()
                .description("A mapping that returns the command's arguments as an array, in the order the command takes them.")
                .example("root = [ \"user:\" + this.user_id, \"plan\" ]", "root = [ \"leaderboard\", this.points, this.player ]"));
        f.add(FieldSpec.string("operator").optional().deprecated().options("keys", "scard", "sadd", "incrby")
                .description("The older form, instead of `command`. `keys` lists the keys matching the pattern in `key`; `scard` counts the members "
                        + "of set `key`; `sadd` adds the message to set `key`; `incrby` adds the number in the message to `key`."));
        f.add(FieldSpec.string("key").interpolated().optional().deprecated().description("The key `operator` works on."));
        f.add(FieldSpec.integer("retries").defaultValue(3).advanced().description("How many times a command that failed on a lost connection is tried again. Other errors are not retried."));
        f.add(FieldSpec.duration("retry_period").defaultValue("500ms").advanced().description("The wait before each retry."));
        return ComponentSpec.processor("redis")
                .summary("Runs a Redis command for each message and replaces the message with the reply.")
                .description("For plain get and set, the `cache` processor with a `redis` cache is simpler; this one runs any command. "
                        + "The reply replaces the message, so wrap the processor in a `branch` to add the reply to the message instead. "
                        + "A nil reply (e.g. HGET of a missing field) is an error on the message.")
                .categories("Integration")
                .fields(f.toArray(new FieldSpec[0]))
                .example("Add each user's plan", "Looks up the `plan` field of the user's hash and stores it in the message.", """
                        pipeline:
                          processors:
                            - branch:
                                processors:
                                  - redis:
                                      url: redis://127.0.0.1:6379
                                      command: hget
                                      args_mapping: 'root = [ "user:" + this.user_id, "plan" ]'
                                result_map: 'root.plan = this'
                        """);
    }

    public static Processor create(Conf conf, ComponentContext ctx) throws Exception {
        return new RedisProcessor(conf, ctx);
    }

    private record Keyword(String name) implements ProtocolKeyword {
        @Override
        public byte[] getBytes() {
            return name.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final ConnectionSlot slot;
    private final Interpolation command;
    private final Mapping argsMapping;
    private final String operator;
    private final Interpolation key;
    private final int retries;
    private final Duration retryPeriod;

    RedisProcessor(Conf conf, ComponentContext ctx) throws Exception {
        super(ctx);
        this.slot = new ConnectionSlot(new RedisConnector(conf, ctx));
        boolean hasCommand = conf.isSet("command");
        boolean hasOperator = conf.isSet("operator");
        if (hasCommand == hasOperator) {
            throw conf.invalid("set exactly one of 'command' and the older 'operator'");
        }
        if (hasOperator && conf.isSet("args_mapping")) throw conf.invalid("args_mapping", "field args_mapping is invalid with an operator set");
        this.command = hasCommand ? conf.interpolation("command") : null;
        this.argsMapping = conf.isSet("args_mapping") ? conf.mapping("args_mapping") : null;
        this.operator = hasOperator ? conf.string("operator") : null;
        this.key = conf.isSet("key") ? conf.interpolation("key") : null;
        if (hasOperator && key == null) throw conf.invalid("key", "operator " + operator + " needs a key");
        this.retries = Math.max(0, conf.integer("retries"));
        this.retryPeriod = conf.duration("retry_period");
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part part = batch.get(index).copy();
        List<Object> args = new ArrayList<>();
        String cmd;
        if (operator != null) {
            String k = key.render(batch, index);
            switch (operator) {
                case "keys" -> { cmd = "KEYS"; args.add(k); }
                case "scard" -> { cmd = "SCARD"; args.add(k); }
                case "sadd" -> { cmd = "SADD"; args.add(k); args.add(part.bytes()); }
                case "incrby" -> {
                    cmd = "INCRBY";
                    args.add(k);
                    args.add(Long.parseLong(part.text().trim()));
                }
                default -> throw new IllegalStateException("operator not recognised: " + operator);
            }
        } else {
            cmd = command.render(batch, index);
            if (argsMapping != null) {
                Object v = argsMapping.query(batch, index);
                if (!(v instanceof List<?> l)) throw new IllegalArgumentException("mapping returned non-array result: " + (v == null ? "null" : v.getClass().getSimpleName()));
                args.addAll(l);
            }
        }
        Object result = run(cmd, args);
        if (operator != null && !"keys".equals(operator)) part.setText(String.valueOf(result));
        else part.setStructured(result);
        return List.of(part);
    }

    private Object run(String cmd, List<Object> args) throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) Thread.sleep(retryPeriod);
            try {
                CommandArgs<String, byte[]> ca = new CommandArgs<>(RedisConnector.CODEC);
                for (Object a : args) addArg(ca, a);
                ReplyOutput out = new ReplyOutput(RedisConnector.CODEC);
                Object r = slot.get().sync().dispatch(new Keyword(cmd.toUpperCase(Locale.ROOT)), out, ca);
                if (r == null) throw new IllegalStateException("redis: nil");
                return r;
            } catch (IllegalStateException e) {
                throw e;
            } catch (Exception e) {
                last = slot.classify(cmd, e);
                ctx.log().error("{} command failed: {}", cmd, last.getMessage());
                if (!(last instanceof NotConnectedException)) break;
            }
        }
        throw last;
    }

    private static void addArg(CommandArgs<String, byte[]> ca, Object a) {
        if (a == null) ca.add("");
        else if (a instanceof byte[] b) ca.add(b);
        else if (a instanceof String s) ca.add(s);
        else if (a instanceof Long || a instanceof Integer || a instanceof Short || a instanceof BigInteger) ca.add(((Number) a).toString());
        else if (a instanceof Double || a instanceof Float || a instanceof BigDecimal) ca.add(Structured.toText(a));
        else if (a instanceof Boolean b) ca.add(b ? "1" : "0");
        else ca.add(Structured.toText(a));
    }

    @Override
    public void close() {
        slot.close();
    }
}
