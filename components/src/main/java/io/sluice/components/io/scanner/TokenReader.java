package io.sluice.components.io.scanner;

import io.sluice.core.connect.Scanner;
import io.sluice.core.message.Part;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Shared machinery of the scanners that cut a byte stream into tokens: reads in chunks, keeps what
 * was not consumed yet, and lets a subclass find where the next token ends.
 */
abstract class TokenReader implements Scanner.Reader {
    private final InputStream in;
    private final int maxBuffer;
    private byte[] buf;
    private int start;
    private int end;
    private boolean eof;

    TokenReader(InputStream in, int maxBuffer) {
        this.in = in;
        this.maxBuffer = maxBuffer <= 0 ? Integer.MAX_VALUE : maxBuffer;
        this.buf = new byte[Math.min(8192, this.maxBuffer)];
    }

    /**
     * Looks for a token in {@code data[from, to)}. Returns null to ask for more data; otherwise a
     * pair {tokenEnd, nextStart} relative to the array.
     */
    protected abstract int[] split(byte[] data, int from, int to, boolean atEof);

    /** Turns a raw token into the part to emit, or null to skip it. */
    protected Part toPart(byte[] token) {
        return new Part(token);
    }

    @Override
    public final List<Part> next() throws IOException {
        while (true) {
            if (start < end || eof) {
                if (start == end && eof) return null;
                int[] r = split(buf, start, end, eof);
                if (r != null) {
                    byte[] token = Arrays.copyOfRange(buf, start, r[0]);
                    start = r[1];
                    Part p = toPart(token);
                    if (p == null) continue;
                    return List.of(p);
                }
                if (eof) {
                    // The splitter declined the rest at end of input: emit it as the final token.
                    byte[] token = Arrays.copyOfRange(buf, start, end);
                    start = end;
                    Part p = toPart(token);
                    if (p == null) continue;
                    return List.of(p);
                }
            }
            fill();
        }
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            if (buf.length >= maxBuffer) {
                throw new IOException("token too long: no delimiter within the maximum buffer size of " + maxBuffer + " bytes");
            }
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxBuffer));
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) eof = true;
        else end += n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

}
