package io.sluice.core.component;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * A logger that stamps every line with the stream name, the component label and its config path, as
 * structured key/value pairs (shown by the text layout, and as fields in JSON logs).
 */
public final class ComponentLog {
    private final Logger logger;
    private final String stream;
    private final String label;
    private final String path;

    public ComponentLog(String loggerName, String stream, String label, String path) {
        this.logger = LoggerFactory.getLogger(loggerName);
        this.stream = stream;
        this.label = label;
        this.path = path;
    }

    public ComponentLog child(String loggerName, String label, String path) {
        return new ComponentLog(loggerName, stream, label, path);
    }

    private void log(Level level, String format, Object... args) {
        if (!logger.isEnabledForLevel(level)) return;
        LoggingEventBuilder b = logger.atLevel(level);
        if (stream != null && !stream.isEmpty()) b = b.addKeyValue("stream", stream);
        if (label != null && !label.isEmpty()) b = b.addKeyValue("label", label);
        if (path != null && !path.isEmpty()) b = b.addKeyValue("path", path);
        if (args.length > 0 && args[args.length - 1] instanceof Throwable t) b = b.setCause(t);
        b.log(format, args);
    }

    public void trace(String format, Object... args) { log(Level.TRACE, format, args); }
    public void debug(String format, Object... args) { log(Level.DEBUG, format, args); }
    public void info(String format, Object... args) { log(Level.INFO, format, args); }
    public void warn(String format, Object... args) { log(Level.WARN, format, args); }
    public void error(String format, Object... args) { log(Level.ERROR, format, args); }

    public boolean isDebugEnabled() {
        return logger.isDebugEnabled();
    }
}
