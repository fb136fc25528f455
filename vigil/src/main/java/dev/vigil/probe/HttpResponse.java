package dev.vigil.probe;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * What a probe read of an HTTP response: status, the header block as received, and up to 64 KiB of
 * the (de-chunked) body.
 */
record HttpResponse(int status, String headerBlock, byte[] body, boolean bodyTruncated) {

    /** The first value of header {@code name} (case-insensitive), trimmed. */
    Optional<String> header(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (String line : headerBlock.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(line.substring(colon + 1).trim());
            }
        }
        return Optional.empty();
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
