package dev.vigil.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every Kubernetes document the golden exports hold parses back into fabric8 model objects with
 * unknown fields rejected, and writes out again unchanged.
 *
 * <p>fabric8 objects keep unknown fields in {@code additionalProperties} (an any-setter), so
 * FAIL_ON_UNKNOWN_PROPERTIES alone would accept a misspelt field; the strict reader also turns
 * the any-setters off. {@link #strictReaderRejectsAMisspeltField} proves that it does.
 */
class KubernetesRoundTripTest {
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated a) {
                    return Boolean.FALSE;
                }
            })
            .build();
    private static final JsonMapper FABRIC8 = JsonMapper.builder().build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    static List<ExportCase> kubernetes() {
        return ExportCase.all().stream().filter(c -> c.platform() == Platform.KUBERNETES).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubernetes")
    void everyDocumentParsesBackStrictlyAndUnchanged(ExportCase c) throws IOException {
        String text = ExportGoldenTest.read(c.golden());
        List<JsonNode> documents = c.options().format() == ExportFormat.YAML ? yamlDocuments(text) : List.of(JSON.readTree(text));
        assertThat(documents).isNotEmpty();
        for (JsonNode document : documents) {
            Class<?> type = switch (c.options().shape()) {
                case CONTAINERS -> Container[].class;
                case POD -> document.path("kind").asText().equals("List") ? KubernetesList.class : Pod.class;
                case DEPLOYMENT -> document.path("kind").asText().equals("List") ? KubernetesList.class : Deployment.class;
            };
            Object parsed = STRICT.readValue(JSON.writeValueAsBytes(document), type);
            assertThat(JSON.readTree(FABRIC8.writeValueAsBytes(parsed))).as("written back").isEqualTo(document);
        }
    }

    /** Each document of a YAML stream (readValues would unwrap a root sequence into its elements). */
    private static List<JsonNode> yamlDocuments(String text) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(text)) {
            while (parser.nextToken() != null) {
                documents.add(YAML.readTree(parser));
            }
        }
        return documents;
    }

    @Test
    void strictReaderRejectsAMisspeltField() {
        String misspelt = "{\"name\":\"web\",\"livenessProbe\":{\"periodSecond\":5}}";
        // The default reader files the typo under additionalProperties and carries on ...
        Container lenient = FABRIC8.readValue(misspelt, Container.class);
        assertThat(lenient.getLivenessProbe().getAdditionalProperties()).containsKey("periodSecond");
        // ... the strict one refuses it.
        assertThatThrownBy(() -> STRICT.readValue(misspelt, Container.class))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("periodSecond");
    }
}
