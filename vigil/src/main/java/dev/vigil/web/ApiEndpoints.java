package dev.vigil.web;

import dev.vigil.api.MethodCaller;
import dev.vigil.api.RpcErrors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The HTTP read API: each request becomes a call of a control method through the same
 * {@link MethodCaller} the JSON-RPC socket uses, and its result is returned as is (the same
 * documents, docs/API.md). Errors carry the control API's code and data with an HTTP status:
 * 400 bad params, 404 unknown service, 422 config rejected, 503 unavailable, 500 internal.
 *
 * <p>Reads run on the listener's thread (they read snapshots and the store). Actions may wait
 * minutes (a stop waits for the service's grace), so each runs on its own virtual thread and
 * holds none of the listener's threads.
 */
final class ApiEndpoints {

    private final MethodCaller caller;
    private final Supplier<Map<String, Object>> openApi;

    ApiEndpoints(MethodCaller caller) {
        this.caller = caller;
        Map<String, Object>[] document = new Map[1];
        this.openApi = () -> {
            if (document[0] == null) {
                document[0] = OpenApiDocument.of(caller);
            }
            return document[0];
        };
    }

    void openApi(Response response, Callback callback) {
        Answers.json(response, callback, 200, caller.mapper(), openApi.get());
    }

    void handle(Routes.Match match, Request request, Response response, Callback callback) {
        Map<String, Object> params;
        try {
            params = match.route().params(match.name(), query(request));
        } catch (Route.BadQuery e) {
            Answers.error(response, callback, 400, RpcErrors.INVALID_PARAMS, e.getMessage(), Map.of("param", e.param));
            return;
        }
        if (match.route().writes()) {
            Thread.ofVirtual().name("vigil-http-action").start(() -> call(match.route(), params, response, callback));
        } else {
            call(match.route(), params, response, callback);
        }
    }

    private void call(Route route, Map<String, Object> params, Response response, Callback callback) {
        switch (caller.call(route.rpcMethod(), params)) {
            case MethodCaller.Outcome.Result r -> Answers.json(response, callback, 200, caller.mapper(), r.value());
            case MethodCaller.Outcome.Failure f ->
                    Answers.error(response, callback, status(f.code()), f.code(), f.message(), f.data());
        }
    }

    static int status(int code) {
        return switch (code) {
            case RpcErrors.INVALID_PARAMS, RpcErrors.PARSE_ERROR, RpcErrors.INVALID_REQUEST -> 400;
            case RpcErrors.UNKNOWN_SERVICE, RpcErrors.METHOD_NOT_FOUND -> 404;
            case RpcErrors.CONFIG_REJECTED -> 422;
            case RpcErrors.UNAVAILABLE, RpcErrors.SERVER_BUSY -> 503;
            default -> 500;
        };
    }

    private static Map<String, List<String>> query(Request request) {
        Fields fields = Request.extractQueryParameters(request);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Fields.Field field : fields) {
            out.put(field.getName(), field.getValues());
        }
        return out;
    }
}
