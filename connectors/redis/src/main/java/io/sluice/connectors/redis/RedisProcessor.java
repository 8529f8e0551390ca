package io.sluice.connectors.redis;

import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.config.ConfigException;
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

    static ComponentSpec spec() {
        List<FieldSpec> f = new ArrayList<>(RedisConnector.fields());
        f.add(FieldSpec.string("command").interpolated().optional().description("The command to execute.")
                .example("scard", "incrby", "${! meta(\"command\") }"));
        f.add(FieldSpec.bloblang("args_mapping").optional()
                .description("A Bloblang mapping which should evaluate to an array of values matching in size to the number of arguments required for the specified Redis command.")
                .example("root = [ this.key ]", "root = [ meta(\"kafka_key\"), this.count ]"));
        f.add(FieldSpec.string("operator").optional().deprecated().options("keys", "scard", "sadd", "incrby")
                .description("The operator to apply. `keys`: the keys matching the pattern in `key`; `scard`: the cardinality of a set; "
                        + "`sadd`: adds the message to a set; `incrby`: increments `key` by the message content."));
        f.add(FieldSpec.string("key").interpolated().optional().deprecated().description("A key to use for the target operator."));
        f.add(FieldSpec.integer("retries").defaultValue(3).advanced().description("The maximum number of retries before abandoning a request."));
        f.add(FieldSpec.duration("retry_period").defaultValue("500ms").advanced().description("The time to wait before consecutive retry attempts."));
        return ComponentSpec.processor("redis")
                .summary("Performs actions against Redis that aren't possible using a `cache` processor. Actions are performed for each message "
                        + "and the message contents are replaced with the result. In order to merge the result into the original message compose "
                        + "this processor within a `branch` processor.")
                .categories("Integration")
                .fields(f.toArray(new FieldSpec[0]))
                .example("Querying Cardinality", "Store the cardinality of the set named by the metadata field `set_key` next to the document.", """
                        pipeline:
                          processors:
                            - branch:
                                processors:
                                  - redis:
                                      url: redis://localhost:6379
                                      command: scard
                                      args_mapping: 'root = [ meta("set_key") ]'
                                result_map: 'root.cardinality = this'
                        """);
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
            throw new ConfigException(conf.position(), conf.path(), "one of 'operator' (old style) or 'command' (new style) fields must be specified");
        }
        if (hasOperator && conf.isSet("args_mapping")) throw new ConfigException(conf.position(), conf.path() + ".args_mapping", "field args_mapping is invalid with an operator set");
        this.command = hasCommand ? conf.interpolation("command") : null;
        this.argsMapping = conf.isSet("args_mapping") ? conf.mapping("args_mapping") : null;
        this.operator = hasOperator ? conf.string("operator") : null;
        this.key = conf.isSet("key") ? conf.interpolation("key") : null;
        if (hasOperator && key == null) throw new ConfigException(conf.position(), conf.path() + ".key", "operator " + operator + " needs a key");
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
                if (!(last instanceof io.sluice.core.component.NotConnectedException)) break;
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
