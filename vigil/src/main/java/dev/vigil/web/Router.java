package dev.vigil.web;

import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Sends each request to its endpoint after the access check: {@code /metrics}, {@code /livez},
 * {@code /readyz}, {@code /api/v1/openapi.json}, {@code /api/v1/stream}, the dashboard's files
 * and the API routes. Anything else is a JSON 404
 * (or 405 with {@code Allow}). A failure inside an endpoint becomes a JSON 500 without detail.
 */
final class Router extends Handler.Abstract {

    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    private final AccessPolicy access;
    private final MetricsEndpoint metrics;
    private final HealthEndpoints health;
    private final ApiEndpoints api;
    private final StreamEndpoint stream;
    private final DashboardFiles dashboard;

    Router(AccessPolicy access, MetricsEndpoint metrics, HealthEndpoints health, ApiEndpoints api,
           StreamEndpoint stream, DashboardFiles dashboard) {
        this.access = access;
        this.metrics = metrics;
        this.health = health;
        this.api = api;
        this.stream = stream;
        this.dashboard = dashboard;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            route(request, response, callback);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "HTTP " + request.getMethod() + " " + Request.getPathInContext(request)
                    + " failed", e);
            Answers.error(response, callback, 500, null, "internal error", Map.of());
        }
        return true;
    }

    private void route(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        boolean read = method.equals("GET") || method.equals("HEAD");
        var headers = new AccessPolicy.Headers(request.getHeaders().get(HttpHeader.AUTHORIZATION),
                request.getHeaders().get(HttpHeader.ORIGIN), request.getHeaders().get("Sec-Fetch-Site"),
                request.getHeaders().get(HttpHeader.HOST));
        List<String> allowed = switch (path) {
            case "/metrics", "/livez", "/readyz", Routes.PREFIX + "/openapi.json", Routes.PREFIX + "/stream" -> List.of("GET");
            default -> DashboardFiles.serves(path) ? List.of("GET") : Routes.allowed(path);
        };
        if (allowed.isEmpty()) {
            Answers.error(response, callback, 404, null, "no such endpoint: " + path
                    + "; see /api/v1/openapi.json", Map.of());
            return;
        }
        String asked = method.equals("HEAD") ? "GET" : method;
        if (!allowed.contains(asked)) {
            response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allowed));
            Answers.error(response, callback, 405, null, method + " is not allowed on " + path
                    + "; allowed: " + String.join(", ", allowed), Map.of());
            return;
        }
        AccessPolicy.Verdict verdict = read ? access.read(headers) : access.write(headers);
        // A kubelet's httpGet cannot carry a secret: health answers anyone, with details only for the token.
        boolean healthPath = path.equals("/livez") || path.equals("/readyz");
        boolean detailed = verdict instanceof AccessPolicy.Verdict.Allow;
        if (verdict instanceof AccessPolicy.Verdict.Deny deny && !healthPath) {
            if (deny.status() == 401) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"vigil\"");
            }
            Answers.error(response, callback, deny.status(), null, deny.message(), Map.of());
            return;
        }
        switch (path) {
            case "/metrics" -> metrics.handle(request, response, callback);
            case "/livez" -> health.livez(request, response, callback, detailed);
            case "/readyz" -> health.readyz(request, response, callback, detailed);
            case Routes.PREFIX + "/openapi.json" -> api.openApi(response, callback);
            case Routes.PREFIX + "/stream" -> stream.handle(request, response, callback);
            default -> {
                if (DashboardFiles.serves(path)) {
                    dashboard.handle(path, response, callback);
                } else {
                    api.handle(Routes.find(asked, path).orElseThrow(), request, response, callback);
                }
            }
        }
    }
}
