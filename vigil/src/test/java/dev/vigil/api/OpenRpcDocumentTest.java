package dev.vigil.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The generated OpenRPC document is structurally valid and describes exactly what the server
 * sends: every key Jackson writes for the sample results is a property of its schema, and
 * every required property is written.
 */
class OpenRpcDocumentTest {

    private final ObjectMapper mapper = ApiJson.mapper();
    private final FakeControlHandler handler = new FakeControlHandler();
    private final JsonNode doc = mapper.valueToTree(OpenRpcDocument.of(ControlMethods.registry(handler)));

    @Test
    void hasTheOpenRpcShape() {
        assertThat(doc.path("openrpc").asText()).matches("1\\.3\\.\\d+");
        assertThat(doc.path("info").path("title").asText()).isNotBlank();
        assertThat(doc.path("info").path("version").asText()).isNotBlank();
        Set<String> names = new HashSet<>();
        for (JsonNode m : doc.path("methods")) {
            assertThat(names.add(m.path("name").asText())).as("unique method names").isTrue();
            assertThat(m.path("summary").asText()).isNotBlank();
            assertThat(m.path("paramStructure").asText()).isEqualTo("by-name");
            assertThat(m.path("params").isArray()).isTrue();
            for (JsonNode p : m.path("params")) {
                assertThat(p.path("name").asText()).matches("[a-z_]+");
                assertThat(p.has("schema")).isTrue();
                assertThat(p.path("required").isBoolean()).isTrue();
            }
            assertThat(m.path("result").path("name").asText()).isNotBlank();
            assertThat(m.path("result").has("schema")).isTrue();
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(ControlMethods.registry(handler).names());
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/components/schemas/");
            assertThat(doc.path("components").path("schemas").has(ref.substring("#/components/schemas/".length()))).as(ref).isTrue();
        }
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            if (node.has("$ref")) {
                refs.add(node.get("$ref").asText());
            }
            node.elements().forEachRemaining(child -> collectRefs(child, refs));
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    @Test
    void schemasMatchWhatTheServerSerialises() {
        Map<String, Object> samples = Map.of(
                "ServiceList", handler.list(),
                "ServiceDetail", handler.status(new ServiceName("os")),
                "CommandResults", handler.start(Selection.of("web")),
                "LogPage", handler.logs(new LogsQuery("os", null, null, null)),
                "EventList", handler.events(new EventsQuery(null, null, null)),
                "ReloadResult", handler.reload());
        for (var e : samples.entrySet()) {
            checkAgainstSchema(e.getKey(), mapper.valueToTree(e.getValue()));
        }
    }

    private void checkAgainstSchema(String schemaName, JsonNode value) {
        JsonNode schema = doc.path("components").path("schemas").path(schemaName);
        assertThat(schema.isMissingNode()).as(schemaName).isFalse();
        Set<String> properties = new HashSet<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> written = new HashSet<>();
        value.fieldNames().forEachRemaining(written::add);
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        assertThat(written).as(schemaName + " keys").isEqualTo(properties).containsAll(required);
        for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode propertySchema = schema.path("properties").path(field.getKey());
            String ref = refOf(propertySchema);
            if (ref != null && field.getValue().isObject()) {
                checkAgainstSchema(ref, field.getValue());
            }
            JsonNode items = propertySchema.path("items");
            String itemRef = refOf(items);
            if (itemRef != null) {
                field.getValue().forEach(item -> checkAgainstSchema(itemRef, item));
            }
        }
    }

    private static String refOf(JsonNode schema) {
        if (schema.has("$ref")) {
            return schema.get("$ref").asText().substring("#/components/schemas/".length());
        }
        for (JsonNode alternative : schema.path("oneOf")) {
            if (alternative.has("$ref")) {
                return alternative.get("$ref").asText().substring("#/components/schemas/".length());
            }
        }
        return null;
    }

    @Test
    void paramsSayWhatIsRequired() {
        for (JsonNode m : doc.path("methods")) {
            if (m.path("name").asText().equals("vigil.logs")) {
                Map<String, Boolean> required = new java.util.LinkedHashMap<>();
                m.path("params").forEach(p -> required.put(p.path("name").asText(), p.path("required").asBoolean()));
                assertThat(required).containsExactly(Map.entry("name", true), Map.entry("process", false),
                        Map.entry("lines", false), Map.entry("after", false));
            }
        }
    }
}
