package dev.vigil.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonMapperTest {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface Maybe {
    }

    enum Colour { DARK_RED, GREEN }

    record Leaf(long latencyMs, @Maybe String note) {
    }

    record Tree(String name, int count, boolean on, double ratio, Colour colour, Instant at, Duration every,
                @Maybe Long maybe, List<Leaf> leaves, Map<String, Leaf> byName, Map<String, Object> free, List<List<Integer>> grid) {
    }

    record Checked(int n) {
        Checked {
            if (n < 0) {
                throw new IllegalArgumentException("n must be >= 0, was " + n);
            }
        }
    }

    private final JsonMapper lenient = JsonMapper.lenient();
    private final JsonMapper strict = JsonMapper.strict(Maybe.class);

    private static Tree sample() {
        return new Tree("web", 3, true, 0.5, Colour.DARK_RED, Instant.parse("2026-11-23T10:15:30.123Z"), Duration.ofMillis(1500),
                null, List.of(new Leaf(12, null), new Leaf(7, "slow")), Map.of("a", new Leaf(1, "x")),
                Map.of("k", List.of(1L, "two")), List.of(List.of(1, 2), List.of()));
    }

    @Test
    void aRecordIsWrittenInComponentOrderWithSnakeCaseKeys() {
        assertThat(lenient.write(sample())).isEqualTo("{\"name\":\"web\",\"count\":3,\"on\":true,\"ratio\":0.5,"
                + "\"colour\":\"dark_red\",\"at\":\"2026-11-23T10:15:30.123Z\",\"every\":\"PT1.5S\",\"maybe\":null,"
                + "\"leaves\":[{\"latency_ms\":12,\"note\":null},{\"latency_ms\":7,\"note\":\"slow\"}],"
                + "\"by_name\":{\"a\":{\"latency_ms\":1,\"note\":\"x\"}},\"free\":{\"k\":[1,\"two\"]},\"grid\":[[1,2],[]]}");
    }

    @Test
    void whatIsWrittenReadsBackEqual() {
        Tree t = sample();
        assertThat(strict.read(strict.write(t), Tree.class)).isEqualTo(t);
        assertThat(lenient.read(lenient.writePretty(t), Tree.class)).isEqualTo(t);
    }

    @Test
    void enumsAreReadWhateverTheirCase() {
        String text = lenient.write(sample()).replace("dark_red", "DARK_red");
        assertThat(lenient.read(text, Tree.class).colour()).isEqualTo(Colour.DARK_RED);
    }

    @Test
    void aConstantANewerWriterAddedReadsAsNullLenientlyOnly() {
        String text = lenient.write(sample()).replace("dark_red", "ultraviolet");
        assertThat(lenient.read(text, Tree.class).colour()).isNull();
        assertThatThrownBy(() -> strict.read(text, Tree.class)).hasMessageStartingWith("$.colour: expected one of");
    }

    @Test
    void nullableComponentsMayBeLeftOutOthersMayNot() {
        assertThat(strict.read("{\"latency_ms\":3}", Leaf.class)).isEqualTo(new Leaf(3, null));
        assertThatThrownBy(() -> strict.read("{\"note\":\"x\"}", Leaf.class)).hasMessage("$.latency_ms: required");
        assertThatThrownBy(() -> strict.read("{\"latency_ms\":null}", Leaf.class)).hasMessage("$.latency_ms: must not be null");
    }

    @Test
    void aLenientMapperLetsAnyReferenceBeNullButNoPrimitive() {
        assertThat(lenient.read("{\"latency_ms\":3,\"note\":null}", Leaf.class)).isEqualTo(new Leaf(3, null));
        assertThat(lenient.read("{\"n\":1}", Wrapper.class)).isEqualTo(new Wrapper(1, null));
        assertThatThrownBy(() -> lenient.read("{\"note\":\"x\"}", Leaf.class)).hasMessage("$.latency_ms: required");
        assertThatThrownBy(() -> strict.read("{\"n\":1}", Wrapper.class)).hasMessage("$.name: required");
    }

    record Wrapper(int n, String name) {
    }

    @Test
    void unknownKeysAreIgnoredLenientlyAndRejectedStrictly() {
        assertThat(lenient.read("{\"latency_ms\":3,\"new_thing\":{\"deep\":[1]}}", Leaf.class)).isEqualTo(new Leaf(3, null));
        assertThatThrownBy(() -> strict.read("{\"latency_ms\":3,\"new_thing\":1}", Leaf.class))
                .isInstanceOf(JsonException.class).hasMessage("$.new_thing: unknown field; known: latency_ms, note")
                .extracting(e -> ((JsonException) e).topField()).isEqualTo("new_thing");
    }

    @Test
    void typeErrorsNameTheirPath() {
        String good = lenient.write(sample());
        assertThatThrownBy(() -> lenient.read(good.replace("\"latency_ms\":7", "\"latency_ms\":\"7\""), Tree.class))
                .hasMessage("$.leaves[1].latency_ms: expected an integer, was \"7\"");
        assertThatThrownBy(() -> lenient.read(good.replace("\"latency_ms\":7", "\"latency_ms\":7.5"), Tree.class))
                .hasMessage("$.leaves[1].latency_ms: expected an integer, was 7.5");
        assertThatThrownBy(() -> lenient.read(good.replace("\"count\":3", "\"count\":3000000000"), Tree.class))
                .hasMessage("$.count: integer out of range -2147483648..2147483647, was 3000000000");
        assertThatThrownBy(() -> lenient.read(good.replace("\"count\":3", "\"count\":99999999999999999999999"), Tree.class))
                .hasMessage("$.count: integer out of range, was 99999999999999999999999");
        assertThatThrownBy(() -> lenient.read(good.replace("\"on\":true", "\"on\":\"yes\""), Tree.class))
                .hasMessage("$.on: expected true or false, was \"yes\"");
        assertThatThrownBy(() -> lenient.read(good.replace("\"at\":\"2026-11-23T10:15:30.123Z\"", "\"at\":\"yesterday\""), Tree.class))
                .hasMessage("$.at: expected an ISO-8601 instant such as 2026-11-23T10:15:30Z, was \"yesterday\"");
        assertThatThrownBy(() -> lenient.read(good.replace("\"PT1.5S\"", "1500"), Tree.class))
                .hasMessage("$.every: expected an ISO-8601 duration such as PT1.5S, was 1500");
        assertThatThrownBy(() -> strict.read(good.replace("\"dark_red\"", "\"blue\""), Tree.class))
                .hasMessage("$.colour: expected one of dark_red, green, was \"blue\"");
        assertThatThrownBy(() -> lenient.read(good.replace("\"dark_red\"", "7"), Tree.class))
                .hasMessage("$.colour: expected one of dark_red, green, was 7");
        assertThatThrownBy(() -> lenient.read(good.replace("\"a\":{\"latency_ms\":1", "\"a\":{\"latency_ms\":[]"), Tree.class))
                .hasMessage("$.by_name.a.latency_ms: expected an integer, was an array");
        assertThatThrownBy(() -> lenient.read(good.replace("[[1,2],[]]", "[[1,2],[true]]"), Tree.class))
                .hasMessage("$.grid[1][0]: expected an integer, was true");
        assertThatThrownBy(() -> lenient.read("[]", Tree.class)).hasMessage("$: expected an object, was an array");
    }

    @Test
    void aRecordsOwnCheckBecomesAnErrorAtItsPath() {
        assertThatThrownBy(() -> strict.read("{\"n\":-1}", Checked.class))
                .isInstanceOf(JsonException.class).hasMessage("$: not a valid Checked: n must be >= 0, was -1")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void syntaxErrorsStayTheReadersOwn() {
        assertThatThrownBy(() -> strict.read("{\"n\":", Checked.class)).isInstanceOf(JsonException.class)
                .hasMessageStartingWith("invalid JSON at offset 5")
                .extracting(e -> ((JsonException) e).path()).isNull();
    }

    @Test
    void writingIsBoundedAndRefusesWhatHasNoJsonForm() {
        List<Object> deep = new ArrayList<>();
        List<Object> cursor = deep;
        for (int i = 0; i < Json.MAX_DEPTH + 5; i++) {
            List<Object> next = new ArrayList<>();
            cursor.add(next);
            cursor = next;
        }
        assertThatThrownBy(() -> lenient.write(deep)).isInstanceOf(JsonException.class).hasMessageContaining("deeper than");
        assertThatThrownBy(() -> lenient.write(Map.of("t", Thread.currentThread()))).isInstanceOf(JsonException.class)
                .hasMessageContaining("cannot write a java.lang.Thread");
        assertThatThrownBy(() -> lenient.write(Map.of(1, "x"))).hasMessageContaining("keys must be strings");
        assertThatThrownBy(() -> lenient.write(List.of(Double.NaN))).hasMessageContaining("non-finite");
    }

    @Test
    void theShapeOfARecordClassIsFoundOnce() {
        assertThat(lenient.shape(Tree.class)).isSameAs(lenient.shape(Tree.class));
    }
}
