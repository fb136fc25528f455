package dev.vigil.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP endpoint of the read API and the control method it calls: {@code GET
 * /api/v1/services/{name}} is {@code vigil.status} with {@code name} from the path. The same
 * table serves requests and generates {@code /api/v1/openapi.json}, so the two cannot drift.
 *
 * @param httpMethod GET or POST
 * @param template   the path, with {@code {name}} for the service name
 * @param rpcMethod  the control method, e.g. {@code vigil.status}
 * @param query      the query parameters it takes, each mapped to a param of the method
 * @param nameAsList the path's name goes into {@code names: [name]} (start/stop/restart/reset)
 */
record Route(String httpMethod, String template, String rpcMethod, List<QueryParam> query, boolean nameAsList) {

    /** {@code ?limit=N} binds to the method's param {@code lines}; integers are checked here. */
    record QueryParam(String name, String rpcParam, boolean integer, String description) {}

    /** Thrown for a query the route does not take; becomes 400 with {@code data.param}. */
    static final class BadQuery extends RuntimeException {
        final String param;

        BadQuery(String param, String message) {
            super(message);
            this.param = param;
        }
    }

    boolean writes() {
        return httpMethod.equals("POST");
    }

    /** The service name when {@code path} matches this route's template (or "" for a template without one). */
    Optional<String> match(String path) {
        String[] want = template.split("/", -1);
        String[] got = path.split("/", -1);
        if (want.length != got.length) {
            return Optional.empty();
        }
        String name = "";
        for (int i = 0; i < want.length; i++) {
            if (want[i].equals("{name}")) {
                if (got[i].isEmpty()) {
                    return Optional.empty();
                }
                name = got[i];
            } else if (!want[i].equals(got[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(name);
    }

    /** The method's params from the path's name and the (already decoded) query. */
    Map<String, Object> params(String name, Map<String, List<String>> queryValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (nameAsList) {
            params.put("names", List.of(name));
        } else if (!name.isEmpty()) {
            params.put("name", name);
        }
        for (var entry : queryValues.entrySet()) {
            QueryParam param = query.stream().filter(q -> q.name().equals(entry.getKey())).findFirst()
                    .orElseThrow(() -> new BadQuery(entry.getKey(), "unknown query parameter '" + entry.getKey() + "'"
                            + (query.isEmpty() ? "; this endpoint takes none" : "; valid: " + names())));
            if (entry.getValue().size() != 1) {
                throw new BadQuery(param.name(), "'" + param.name() + "' given " + entry.getValue().size() + " times");
            }
            String value = entry.getValue().getFirst();
            if (param.integer()) {
                try {
                    params.put(param.rpcParam(), Long.parseLong(value));
                } catch (NumberFormatException e) {
                    throw new BadQuery(param.name(), "'" + param.name() + "' must be an integer, was '" + value + "'");
                }
            } else {
                params.put(param.rpcParam(), value);
            }
        }
        return params;
    }

    private String names() {
        List<String> out = new ArrayList<>();
        query.forEach(q -> out.add(q.name()));
        return String.join(", ", out);
    }
}
