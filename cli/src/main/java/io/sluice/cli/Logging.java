package io.sluice.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.sluice.core.spec.Conf;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Applies a config's {@code logger} section to Logback: level, logfmt or JSON lines,
 * static fields. Logs go to stderr so that stdout stays for messages (the stdout output).
 */
final class Logging {
    private Logging() {
    }

    static void configure(Conf logger) {
        String level = logger.string("level").toUpperCase();
        String format = logger.string("format");
        boolean timestamp = logger.bool("add_timestamp");
        Map<String, String> statics = logger.stringMap("static_fields");
        configure(level, format, timestamp, statics);
    }

    static void configure(String level, String format, boolean timestamp, Map<String, String> statics) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.setLevel(switch (level) {
            case "OFF", "NONE" -> Level.OFF;
            case "FATAL", "ERROR" -> Level.ERROR;
            case "WARN" -> Level.WARN;
            case "DEBUG" -> Level.DEBUG;
            case "TRACE", "ALL" -> Level.TRACE;
            default -> Level.INFO;
        });
        // Chatty client libraries stay at WARN unless the user asks for DEBUG or more.
        Level libs = root.getLevel().isGreaterOrEqual(Level.INFO) ? Level.WARN : root.getLevel();
        for (String lib : new String[]{"org.apache.kafka", "io.netty", "io.vertx", "io.lettuce", "com.rabbitmq", "io.nats"}) {
            ctx.getLogger(lib).setLevel(libs);
        }
        Encoder<ILoggingEvent> encoder;
        if ("json".equals(format)) {
            JsonLineEncoder json = new JsonLineEncoder(statics, timestamp);
            json.setContext(ctx);
            encoder = json;
        } else {
            LogfmtEncoder logfmt = new LogfmtEncoder(statics, timestamp);
            logfmt.setContext(ctx);
            encoder = logfmt;
        }
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
    }
}
