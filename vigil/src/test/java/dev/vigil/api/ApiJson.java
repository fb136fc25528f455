package dev.vigil.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The Jackson configuration the daemon used before {@link ApiCodec}, kept in the tests only as the
 * reference its output is compared with (ApiCodecTest): snake_case keys (by {@link ApiNames#snake}, the same
 * rule the schema generator uses), enums as lower-case strings, instants as ISO-8601 strings,
 * and strict binding of params (no unknown keys, no coercion of "10" to 10).
 */
final class ApiJson {

    private ApiJson() {
    }

    static ObjectMapper mapper() {
        SimpleModule time = new SimpleModule("vigil-instant");
        time.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }
        });
        time.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException | NullPointerException e) {
                    return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
                            "expected an ISO-8601 instant such as 2026-11-23T10:15:30Z");
                }
            }
        });
        return JsonMapper.builder()
                .propertyNamingStrategy(new PropertyNamingStrategies.NamingBase() {
                    @Override
                    public String translate(String propertyName) {
                        return ApiNames.snake(propertyName);
                    }
                })
                .addModule(time)
                .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
                .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true)
                .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                // A name given as 7 or true is a client bug, not the service "7".
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
    }
}
