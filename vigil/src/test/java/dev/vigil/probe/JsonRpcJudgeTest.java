package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON-RPC replies judged, and the small JSON parser under it. */
class JsonRpcJudgeTest {

    @Test
    void aResultWithTheRequestIdIsHealthyEvenWhenNull() {
        assertThat(JsonRpcProber.judge("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":null}", 7)).isEmpty();
        assertThat(JsonRpcProber.judge(" {\"id\":7.0,\"result\":{\"a\":[1,2]}}\n", 7)).isEmpty();
    }

    @Test
    void namesWhatIsWrong() {
        assertThat(JsonRpcProber.judge("{\"id\":7,\"error\":{\"code\":-32601,\"message\":\"no such method\"}}", 7))
                .contains("JSON-RPC error -32601: no such method");
        assertThat(JsonRpcProber.judge("{\"id\":8,\"result\":1}", 7)).contains("JSON-RPC reply id 8 does not match request id 7");
        assertThat(JsonRpcProber.judge("{\"id\":7}", 7)).contains("JSON-RPC reply has neither result nor error: {\"id\":7}");
        assertThat(JsonRpcProber.judge("[1]", 7)).contains("JSON-RPC reply is not an object: [1]");
        assertThat(JsonRpcProber.judge("<html>", 7).orElseThrow()).startsWith("invalid JSON-RPC reply (unexpected character '<' at offset 0)");
    }

    @Test
    void parsesJson() throws Exception {
        Object value = MiniJson.parse("{\"s\":\"a\\n\\u00e9\\\"\",\"n\":-1.5e3,\"t\":true,\"z\":null,\"l\":[]}");
        assertThat(value).isEqualTo(Map.of("s", "a\né\"", "n", new BigDecimal("-1.5e3"), "t", true, "z", MiniJson.NULL, "l", List.of()));
    }

    @Test
    void rejectsWhatIsNotJson() {
        assertThatThrownBy(() -> MiniJson.parse("{\"a\":1,}")).isInstanceOf(MiniJson.MalformedJson.class);
        assertThatThrownBy(() -> MiniJson.parse("{\"a\":01}")).hasMessageContaining("bad number 01");
        assertThatThrownBy(() -> MiniJson.parse("[1] x")).hasMessageContaining("unexpected text after the value");
        assertThatThrownBy(() -> MiniJson.parse("\"open")).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> MiniJson.parse("[".repeat(100))).hasMessageContaining("nested deeper than 64");
    }

    @Test
    void quotesStrings() throws Exception {
        String nasty = "a\"b\\c\n\u0001";
        assertThat(MiniJson.parse(MiniJson.quote(nasty))).isEqualTo(nasty);
    }
}
