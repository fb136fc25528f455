package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.api.ControlMethods;
import dev.vigil.api.MethodCaller;
import java.util.function.Consumer;

/**
 * The {@code probes} messages of {@code /api/v1/stream}: at each of the hub's samples, the probe
 * rounds judged since the last one (through {@code vigil.probe_rounds}, following its cursor), as
 * one message {@code {"rounds": [...]}}, and nothing when no round was judged. The first sample,
 * and one taken while nobody watches, only takes the cursor: a page gets earlier rounds from the
 * service document ({@code probes[].recent}). Called under the hub's lock only.
 */
final class ProbeRoundFeed {
    private final MethodCaller caller;
    /** The last round number sent; -1 before the first sample. */
    private long cursor = -1;

    ProbeRoundFeed(MethodCaller caller) {
        this.caller = caller;
    }

    /**
     * Reads the new rounds and hands the message's JSON data to {@code publish}, if there are any.
     * {@code unwatched}: nobody is connected, so this sample only moves the cursor to now (the
     * rounds of an unwatched stretch are not worth a burst to the next page that connects).
     */
    void sample(boolean unwatched, Consumer<JsonNode> publish) {
        if (unwatched) {
            cursor = -1;
        }
        ObjectNode params = caller.mapper().createObjectNode();
        if (cursor >= 0) {
            params.put("after", cursor);
        }
        if (!(caller.call(ControlMethods.PROBE_ROUNDS, params) instanceof MethodCaller.Outcome.Result result)) {
            return;
        }
        boolean baseline = cursor < 0;
        cursor = result.value().path("cursor").asLong();
        JsonNode rounds = result.value().path("rounds");
        if (!baseline && !rounds.isEmpty()) {
            ObjectNode body = caller.mapper().createObjectNode();
            body.set("rounds", rounds);
            publish.accept(body);
        }
    }
}
