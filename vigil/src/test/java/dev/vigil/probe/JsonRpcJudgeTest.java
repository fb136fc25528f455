package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** JSON-RPC replies judged (the JSON codec itself is tested in {@code dev.vigil.json.JsonTest}). */
class JsonRpcJudgeTest {

    @Test
    void aResultWithTheRequestIdIsHealthyEvenWhenNull() {
        assertThat(JsonRpcProber.judge("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":null}", 7)).isEmpty();
        assertThat(JsonRpcProber.judge(" {\"id\":7.0,\"result\":{\"a\":[1,2]}}\n", 7)).isEmpty();
        assertThat(JsonRpcProber.judge("{\"id\":7e0,\"result\":false}", 7)).isEmpty();
    }

    @Test
    void namesWhatIsWrong() {
        assertThat(JsonRpcProber.judge("{\"id\":7,\"error\":{\"code\":-32601,\"message\":\"no such method\"}}", 7))
                .contains("JSON-RPC error -32601: no such method");
        assertThat(JsonRpcProber.judge("{\"id\":8,\"result\":1}", 7)).contains("JSON-RPC reply id 8 does not match request id 7");
        assertThat(JsonRpcProber.judge("{\"id\":\"7\",\"result\":1}", 7)).contains("JSON-RPC reply id 7 does not match request id 7");
        assertThat(JsonRpcProber.judge("{\"id\":18446744073709551623,\"result\":1}", 7))
                .contains("JSON-RPC reply id 18446744073709551623 does not match request id 7");
        assertThat(JsonRpcProber.judge("{\"id\":7}", 7)).contains("JSON-RPC reply has neither result nor error: {\"id\":7}");
        assertThat(JsonRpcProber.judge("[1]", 7)).contains("JSON-RPC reply is not an object: [1]");
        assertThat(JsonRpcProber.judge("<html>", 7).orElseThrow()).startsWith("invalid JSON-RPC reply (invalid JSON at offset 0: unexpected '<', expected a value)");
    }
}
