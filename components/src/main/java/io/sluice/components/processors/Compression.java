package io.sluice.components.processors;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The algorithms of {@code compress} and {@code decompress}, in the stream formats the dialect writes: gzip
 * (and pgzip, the same format written in parallel by the original), zlib, raw DEFLATE ("flate"), Snappy's
 * block format, the LZ4 frame format and Zstandard frames; bzip2 can only be read.
 */
final class Compression {
    static final String[] COMPRESS = {"gzip", "pgzip", "zlib", "flate", "snappy", "lz4", "zstd"};
    static final String[] DECOMPRESS = {"gzip", "pgzip", "zlib", "flate", "snappy", "lz4", "zstd", "bzip2"};

    private Compression() {
    }

    /** Compresses with {@code level} where the algorithm has levels (-1: its default). */
    static byte[] compress(String algorithm, int level, byte[] data) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(data.length / 2 + 64);
        switch (algorithm) {
            case "gzip", "pgzip" -> {
                try (OutputStream out = new LevelledGzip(buf, level)) {
                    out.write(data);
                }
            }
            case "zlib" -> deflate(buf, level, false, data);
            case "flate" -> deflate(buf, level, true, data);
            case "snappy" -> buf.writeBytes(Snappy.compress(data));
            case "lz4" -> {
                try (OutputStream out = new LZ4FrameOutputStream(buf)) {
                    out.write(data);
                }
            }
            case "zstd" -> buf.writeBytes(Zstd.compress(data, level < 1 ? Zstd.defaultCompressionLevel() : level));
            default -> throw new IllegalArgumentException("unknown compression algorithm: " + algorithm);
        }
        return buf.toByteArray();
    }

    static byte[] decompress(String algorithm, byte[] data) throws IOException {
        return switch (algorithm) {
            case "gzip", "pgzip" -> readAll(new GZIPInputStream(new ByteArrayInputStream(data)));
            case "zlib" -> readAll(new InflaterInputStream(new ByteArrayInputStream(data), new Inflater(false)));
            case "flate" -> readAll(new InflaterInputStream(new ByteArrayInputStream(data), new Inflater(true)));
            case "snappy" -> Snappy.uncompress(data);
            case "lz4" -> readAll(new LZ4FrameInputStream(new ByteArrayInputStream(data)));
            case "zstd" -> readAll(new ZstdInputStream(new ByteArrayInputStream(data)));
            case "bzip2" -> readAll(new BZip2CompressorInputStream(new ByteArrayInputStream(data)));
            default -> throw new IllegalArgumentException("unknown decompression algorithm: " + algorithm);
        };
    }

    private static void deflate(ByteArrayOutputStream buf, int level, boolean raw, byte[] data) throws IOException {
        Deflater deflater = new Deflater(level, raw);
        try (OutputStream out = new DeflaterOutputStream(buf, deflater)) {
            out.write(data);
        } finally {
            deflater.end();
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    /** The JDK's gzip writer at a chosen level (it offers no constructor for one). */
    private static final class LevelledGzip extends GZIPOutputStream {
        LevelledGzip(OutputStream out, int level) throws IOException {
            super(out);
            def.setLevel(level);
        }
    }
}
