package dev.vigil.web;

import dev.vigil.api.ControlMethods;
import java.util.List;
import java.util.Optional;

/** The read API's endpoints (docs/API.md "HTTP"): every one is a control method. */
final class Routes {

    static final String PREFIX = "/api/v1";

    static final List<Route> ALL = List.of(
            new Route("GET", PREFIX + "/services", ControlMethods.LIST, List.of(), false),
            new Route("GET", PREFIX + "/services/{name}", ControlMethods.STATUS, List.of(), false),
            new Route("GET", PREFIX + "/services/{name}/logs", ControlMethods.LOGS, List.of(
                    new Route.QueryParam("after", "after", true, "a cursor from an earlier page: only lines after it"),
                    new Route.QueryParam("limit", "lines", true, "how many lines, 1..10000, default 100"),
                    new Route.QueryParam("process", "process", false, "only this process's lines")), false),
            new Route("GET", PREFIX + "/events", ControlMethods.EVENTS, List.of(
                    new Route.QueryParam("since", "since", false, "only events at or after this instant (ISO-8601)"),
                    new Route.QueryParam("service", "name", false, "only this service's events"),
                    new Route.QueryParam("limit", "limit", true, "at most this many, 1..1000, default 50")), false),
            new Route("POST", PREFIX + "/services/{name}/start", ControlMethods.START, List.of(), true),
            new Route("POST", PREFIX + "/services/{name}/stop", ControlMethods.STOP, List.of(), true),
            new Route("POST", PREFIX + "/services/{name}/restart", ControlMethods.RESTART, List.of(), true),
            new Route("POST", PREFIX + "/services/{name}/reset", ControlMethods.RESET, List.of(), true),
            new Route("POST", PREFIX + "/services/{name}/probe", ControlMethods.PROBE_NOW, List.of(
                    new Route.QueryParam("probe", "probe", false, "only this probe; else every probe of the service")),
                    false));

    private Routes() {
    }

    /** The route of {@code method} and {@code path}, with the name from the path. */
    record Match(Route route, String name) {}

    static Optional<Match> find(String method, String path) {
        for (Route route : ALL) {
            Optional<String> name = route.match(path);
            if (name.isPresent() && route.httpMethod().equals(method)) {
                return Optional.of(new Match(route, name.get()));
            }
        }
        return Optional.empty();
    }

    /** The methods some route answers at {@code path}, for 405's Allow header; empty = no such path. */
    static List<String> allowed(String path) {
        return ALL.stream().filter(r -> r.match(path).isPresent()).map(Route::httpMethod).distinct().toList();
    }
}
