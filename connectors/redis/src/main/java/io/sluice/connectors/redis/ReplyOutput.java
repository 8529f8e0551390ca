package io.sluice.connectors.redis;

import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.output.CommandOutput;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Collects any Redis reply as plain values: bulk and simple strings as {@link String}, integers as
 * {@link Long}, doubles as {@link Double}, booleans, nil as {@code null}, arrays (nested too) as
 * {@link List}. Used by the {@code redis} processor for arbitrary commands.
 */
final class ReplyOutput extends CommandOutput<String, byte[], Object> {
    private final Deque<List<Object>> stack = new ArrayDeque<>();
    private final Deque<Integer> remaining = new ArrayDeque<>();
    private boolean set;

    ReplyOutput(RedisCodec<String, byte[]> codec) {
        super(codec, null);
    }

    private void add(Object v) {
        if (stack.isEmpty()) {
            output = v;
            set = true;
            return;
        }
        stack.peek().add(v);
        int left = remaining.pop() - 1;
        if (left <= 0) {
            List<Object> done = stack.pop();
            add(done);
        } else {
            remaining.push(left);
        }
    }

    @Override
    public void set(ByteBuffer bytes) {
        if (bytes == null) {
            add(null);
            return;
        }
        byte[] b = new byte[bytes.remaining()];
        bytes.get(b);
        add(new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public void setSingle(ByteBuffer bytes) {
        set(bytes);
    }

    @Override
    public void set(long value) {
        add(value);
    }

    @Override
    public void set(double number) {
        add(number);
    }

    @Override
    public void set(boolean value) {
        add(value);
    }

    @Override
    public void multi(int count) {
        if (count <= 0) {
            add(new ArrayList<>());
            return;
        }
        stack.push(new ArrayList<>(count));
        remaining.push(count);
    }

    boolean hasValue() {
        return set;
    }
}
