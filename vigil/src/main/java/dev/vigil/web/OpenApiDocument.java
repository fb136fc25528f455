package dev.vigil.web;

import dev.vigil.api.ControlMethods;
import dev.vigil.api.MethodCaller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/openapi.json}: an OpenAPI 3.1 document derived from the control API's own OpenRPC
 * document ({@code rpc.discover}, generated from the method registry) and the route table, so the
 * HTTP description has the same schemas, summaries and errors as the JSON-RPC one.
 */
final class OpenApiDocument {

    private OpenApiDocument() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> of(MethodCaller caller) {
        Map<String, Object> openRpc = switch (caller.call(ControlMethods.DISCOVER, null)) {
            case MethodCaller.Outcome.Result r -> object(r.value());
            case MethodCaller.Outcome.Failure f -> throw new IllegalStateException("rpc.discover failed: " + f.message());
        };
        Map<String, Map<String, Object>> methods = new LinkedHashMap<>();
        objects(openRpc.get("methods")).forEach(m -> methods.put((String) m.get("name"), m));

        Map<String, Object> paths = new LinkedHashMap<>();
        for (Route route : Routes.ALL) {
            Map<String, Object> method = methods.get(route.rpcMethod());
            Map<String, Object> operation = new LinkedHashMap<>();
            operation.put("operationId", route.rpcMethod().replace('.', '_') + (route.writes() ? "" : "_get"));
            operation.put("summary", method.get("summary"));
            operation.put("description", "Calls the control method " + route.rpcMethod() + " (docs/API.md).");
            List<Object> parameters = new ArrayList<>();
            if (route.template().contains("{name}")) {
                parameters.add(Map.of("name", "name", "in", "path", "required", true,
                        "description", "the service's name", "schema", Map.of("type", "string")));
            }
            for (Route.QueryParam q : route.query()) {
                Object schema = paramSchema(method, q.rpcParam());
                parameters.add(Map.of("name", q.name(), "in", "query", "required", false,
                        "description", q.description(), "schema", schema));
            }
            operation.put("parameters", parameters);
            Map<String, Object> responses = new LinkedHashMap<>();
            responses.put("200", Map.of("description", "the method's result", "content",
                    Map.of("application/json", Map.of("schema", object(method.get("result")).get("schema")))));
            responses.put("400", error("invalid params (error.data.param names it)"));
            objects(method.get("errors")).forEach(e -> responses.put(String.valueOf(ApiEndpoints.status(((Number) e.get("code")).intValue())),
                    error((String) e.get("message"))));
            if (route.writes()) {
                operation.put("security", List.of(Map.of("bearer", List.of())));
                responses.put("401", error("no or wrong bearer token"));
                responses.put("403", error("cross-origin request refused"));
            }
            ((Map<String, Object>) paths.computeIfAbsent(route.template(), k -> new LinkedHashMap<>()))
                    .put(route.httpMethod().toLowerCase(java.util.Locale.ROOT), operation);
        }
        Map<String, Object> schemas = new LinkedHashMap<>(object(object(openRpc.get("components")).get("schemas")));
        schemas.put("Error", Map.of("type", "object", "required", List.of("error"), "properties", Map.of("error",
                Map.of("type", "object", "required", List.of("status", "message"), "properties", Map.of(
                        "status", Map.of("type", "integer"),
                        "code", Map.of("type", "integer", "description", "the control API's error code (docs/API.md)"),
                        "message", Map.of("type", "string"),
                        "data", Map.of("type", "object"))))));

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "Vigil HTTP API", "version", object(openRpc.get("info")).get("version"),
                "description", "The control API's methods over HTTP: the same documents as the JSON-RPC socket. "
                        + "See docs/API.md."));
        doc.put("paths", paths);
        doc.put("components", Map.of("schemas", schemas,
                "securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer"))));
        return doc;
    }

    private static Object paramSchema(Map<String, Object> method, String param) {
        for (Map<String, Object> p : objects(method.get("params"))) {
            if (param.equals(p.get("name"))) {
                return p.get("schema");
            }
        }
        throw new IllegalStateException(method.get("name") + " has no param " + param);
    }

    /** A JSON object of the discover document (a tree the caller built from records: its shape is known). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object tree) {
        return (Map<String, Object>) tree;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(Object tree) {
        return (List<Map<String, Object>>) tree;
    }

    private static Map<String, Object> error(String description) {
        return Map.of("description", description, "content",
                Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))));
    }
}
