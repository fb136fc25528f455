package dev.vigil.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static final ObjectMapper JACKSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2, 3.5, 1e3, true, false, null, \"s\"], \"b\": {}, \"c\": []} ");
        assertThat(v).isEqualTo(map("a", listOf(1L, -2L, 3.5, 1000.0, true, false, null, "s"), "b", Map.of(), "c", List.of()));
    }

    private static List<Object> listOf(Object... items) {
        return new ArrayList<>(java.util.Arrays.asList(items));
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1] instanceof List<?> l ? listOf(l.toArray()) : kv[i + 1]);
        }
        return m;
    }

    @Test
    void keepsKeyOrder() {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse("{\"z\":1,\"a\":2,\"m\":3}");
        assertThat(m.keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void decodesEveryEscapeIncludingSurrogatePairs() {
        assertThat(Json.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00 \\u0000\""))
                .isEqualTo("\" \\ / \b \f \n \r \t é 😀 \u0000");
        assertThat(Json.parse("\"😀 raw\"")).isEqualTo("😀 raw");
        assertThat(Json.parse("\"\\udc00\"")).isEqualTo("\udc00");
    }

    @Test
    void writesEscapesAndSurvivesRoundTrips() {
        String nasty = "q\" b\\ nl\n cr\r tab\t bell\u0007 nul\u0000 e\u00e9 emoji😀 lone\ud800 end\u2028";
        String written = Json.write(nasty);
        assertThat(written).doesNotContain("\n").contains("\\u0007").contains("\\u0000").contains("\\uD800").contains("😀");
        assertThat(Json.parse(written)).isEqualTo(nasty);
    }

    @Test
    void numbersKeepTheirMagnitude() {
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(Json.parse("92233720368547758070")).isEqualTo(new BigInteger("92233720368547758070"));
        assertThat(Json.parse("1e400")).isEqualTo(new BigDecimal("1e400"));
        assertThat(Json.parse("-0.0")).isEqualTo(-0.0);
        assertThatThrownBy(() -> Json.parse("1e99999999999")).isInstanceOf(JsonException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Json.parse("1".repeat(1001))).isInstanceOf(JsonException.class).hasMessageContaining("longer than");
        assertThat(Json.write(List.of(1L, 2.5, new BigInteger("123456789012345678901234")))).isEqualTo("[1,2.5,123456789012345678901234]");
        assertThatThrownBy(() -> Json.write(Double.NaN)).isInstanceOf(JsonException.class).hasMessageContaining("non-finite");
    }

    @Test
    void rejectsInvalidTextNamingTheOffset() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\":1,}", "{a:1}", "01", "1.", "-", "1e", "tru", "nul", "\"abc",
                "\"\\x\"", "\"\\u12G4\"", "\"\\u12\"", "\"tab\there\"", "[1] 2", "{\"a\" 1}", "[1 2]", "+1", ".5", "NaN")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(JsonException.class).hasMessageContaining("offset");
        }
    }

    @Test
    void boundsNesting() {
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(JsonException.class).hasMessageContaining("nesting");
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertThat(Json.parse(ok)).isInstanceOf(List.class);
    }

    @Test
    void prettyOutputParsesToTheSameValue() {
        Object v = Json.parse("{\"a\":[1,{\"b\":null}],\"c\":\"x\",\"d\":{},\"e\":[]}");
        String pretty = Json.writePretty(v);
        assertThat(pretty).contains("\n  \"a\": [\n    1,");
        assertThat(Json.parse(pretty)).isEqualTo(v);
    }

    @Test
    void agreesWithJacksonBothWays() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            Object value = randomValue(random, 0);
            String ours = Json.write(value);
            String theirs = JACKSON.writeValueAsString(value);
            assertThat(JACKSON.readTree(ours)).as(ours).isEqualTo(JACKSON.readTree(theirs));
            assertThat(Json.parse(theirs)).as(theirs).isEqualTo(value);
            assertThat(Json.parse(ours)).isEqualTo(value);
        }
    }

    @Test
    void randomGarbageOnlyEverFailsWithJsonException() {
        Random random = new Random(7);
        String alphabet = "{}[]\",:\\/ unftrlaesx0123456789.-+eE\n\t\u00e9\ud83d\ude00";
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(24);
            for (int j = 0; j < len; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                Object v = Json.parse(sb);
                parsed++;
                assertThat(Json.parse(Json.write(v))).isEqualTo(v);
            } catch (JsonException expected) {
                assertThat(expected.getMessage()).startsWith("invalid JSON at offset ");
            }
        }
        assertThat(parsed).isPositive(); // the alphabet does produce some valid texts
    }

    @Test
    void mutatedValidTextsNeverEscapeAsOtherExceptions() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder(Json.write(randomValue(random, 0)));
            for (int m = 0; m < 3 && !text.isEmpty(); m++) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, "{}[]\",:\\".charAt(random.nextInt(8)));
                    default -> text.setCharAt(at, (char) random.nextInt(128));
                }
            }
            boolean jacksonAccepts;
            try {
                JACKSON.readTree(text.toString());
                jacksonAccepts = true;
            } catch (Exception e) {
                jacksonAccepts = false;
            }
            boolean oursAccepts;
            try {
                Json.parse(text);
                oursAccepts = true;
            } catch (JsonException e) {
                oursAccepts = false;
            }
            if (!text.toString().isBlank()) {
                assertThat(oursAccepts).as(text.toString()).isEqualTo(jacksonAccepts);
            }
        }
    }

    private static Object randomValue(Random r, int depth) {
        int kind = depth > 3 ? r.nextInt(5) : r.nextInt(7);
        return switch (kind) {
            case 0 -> null;
            case 1 -> r.nextBoolean();
            case 2 -> r.nextLong();
            case 3 -> r.nextInt(1_000_000) / 8.0;
            case 4 -> randomString(r);
            case 5 -> {
                List<Object> list = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    list.add(randomValue(r, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    map.put(randomString(r), randomValue(r, depth + 1));
                }
                yield map;
            }
        };
    }

    private static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(8); i > 0; i--) {
            switch (r.nextInt(5)) {
                case 0 -> sb.append((char) r.nextInt(0x20));
                case 1 -> sb.append("\"\\/".charAt(r.nextInt(3)));
                case 2 -> sb.appendCodePoint(0x1F600 + r.nextInt(50));
                case 3 -> sb.append((char) (0xA0 + r.nextInt(0xD000)));
                default -> sb.append((char) ('a' + r.nextInt(26)));
            }
        }
        return sb.toString();
    }
}
