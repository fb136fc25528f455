package dev.vigil.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes export documents as YAML (jackson-dataformat-yaml) or JSON (jackson-databind), never by
 * string templates. Kubernetes objects arrive here as trees made by {@link Fabric8Trees}.
 */
final class Documents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Documents() {
    }

    /** Built on first use, so JSON-only exports never load the YAML library. */
    private static final class Yaml {
        static final YAMLMapper MAPPER = new YAMLMapper(YAMLFactory.builder()
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                // "8080" stays a string: an env value or an argv word must not turn into a number.
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .build());
    }

    /** Pretty JSON, ending with a newline. */
    static String json(JsonNode root) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML stream: each root a document starting with {@code ---}. */
    static String yaml(List<JsonNode> roots) {
        StringWriter out = new StringWriter();
        try (SequenceWriter docs = Yaml.MAPPER.writer().writeValues(out)) {
            for (JsonNode root : roots) {
                docs.write(root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Compact JSON of a tree (a Dockerfile's exec-form array). */
    static String compact(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectMapper mapper() {
        return JSON;
    }
}
