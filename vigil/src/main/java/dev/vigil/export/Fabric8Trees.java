package dev.vigil.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import tools.jackson.databind.json.JsonMapper;

/**
 * fabric8 objects as Jackson 2 trees, for {@link Documents} to write.
 *
 * <p>fabric8's Kubernetes model 8 is built for Jackson 3 ({@code tools.jackson}, which it brings):
 * its classes carry Jackson 3 serializer annotations (an {@code IntOrString} port is written as a
 * plain number or string only by those), so they are serialised by Jackson 3 and the JSON is read
 * back as a Jackson 2 tree, which writes every format of every platform the same way. Only a
 * Kubernetes export loads this class, and with it Jackson 3.
 */
final class Fabric8Trees {
    private static final JsonMapper FABRIC8 = JsonMapper.builder().build();

    private Fabric8Trees() {
    }

    /** A fabric8 object (or a list of them) as a Jackson 2 tree. */
    static JsonNode of(Object fabric8) {
        try {
            return Documents.mapper().readTree(FABRIC8.writeValueAsBytes(fabric8));
        } catch (IOException e) {
            throw new UncheckedIOException("a Kubernetes object did not serialise: " + e.getMessage(), e);
        }
    }
}
