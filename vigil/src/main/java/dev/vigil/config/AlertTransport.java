package dev.vigil.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** How a {@code [[notify]]} target is reached. */
public sealed interface AlertTransport {

    /** A program run once per notification, with the event in its environment and on stdin. */
    record Exec(List<String> command) implements AlertTransport {
        public Exec {
            command = List.copyOf(command);
        }
    }

    /**
     * An HTTP POST.
     *
     * @param headers     header values written in the config (not secret)
     * @param headerFiles headers whose value is the content of a file, read at each send so a
     *                    rotated token is picked up; the value is never logged nor kept in the config
     */
    record Webhook(URI url, WebhookFormat format, Map<String, String> headers, Map<String, Path> headerFiles)
            implements AlertTransport {
        public Webhook {
            headers = Map.copyOf(headers);
            headerFiles = Map.copyOf(headerFiles);
        }
    }
}
