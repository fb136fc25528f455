package dev.vigil.daemon;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes the daemon's diagnostics ({@code System.Logger}, which is java.util.logging here) to its
 * stderr {@link AsyncLineWriter} instead of the JDK's console handler, which writes synchronously:
 * a log call on the supervisor's thread must not wait for whoever reads stderr (issue 9 item 2).
 */
final class StderrLogging {
    private StderrLogging() {
    }

    /** Replaces every handler of the root logger with one that queues to {@code stderr}. */
    static void routeTo(AsyncLineWriter stderr) {
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    stderr.offer(format(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        root.getHandlers()[0].setLevel(Level.INFO);
    }

    /** One entry: {@code vigil daemon: LEVEL logger: message}, then the stack trace if any. */
    static String format(LogRecord record) {
        String message = record.getMessage();
        Object[] parameters = record.getParameters();
        if (message != null && parameters != null && parameters.length > 0) {
            try {
                message = java.text.MessageFormat.format(message, parameters);
            } catch (IllegalArgumentException e) {
                // a message that is not a pattern: shown as it is
            }
        }
        StringBuilder line = new StringBuilder("vigil daemon: ").append(record.getLevel().getName()).append(' ')
                .append(record.getLoggerName()).append(": ").append(message);
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
        }
        return line.toString();
    }
}
