package dev.vigil.web;

import dev.vigil.api.MethodCaller;
import dev.vigil.config.Endpoint;
import dev.vigil.config.HttpSpec;
import java.io.IOException;
import java.nio.file.Files;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The daemon's HTTP listener (Jetty core handlers, no servlets): {@code /metrics}, {@code /livez},
 * {@code /readyz} and the read API, on a TCP address or a Unix socket.
 *
 * <p>Limits: at most {@code max_connections} accepted at once (then the acceptor pauses and new
 * clients wait in the backlog); request line plus headers at most {@code max_header_bytes} (431);
 * bodies at most {@code max_body_bytes} (413); a connection idle for {@code idle_timeout} is
 * closed, and so is one whose first request has not arrived whole by then ({@link RequestDeadline},
 * against slowloris). I/O is non-blocking: a client that sends or reads slowly holds a connection, never a
 * thread, and never the supervisor (endpoints read published snapshots; actions run on virtual
 * threads). Loading this class loads Jetty: the daemon only does so when {@code [http]} is set.
 */
public final class HttpListener implements AutoCloseable {

    /** Threads for parsing and answering; endpoints never block long on them. */
    private static final int MAX_THREADS = 16;

    private final HttpSpec spec;
    private final Server server;
    private final org.eclipse.jetty.server.AbstractConnector connector;

    private final StreamHub stream;

    private HttpListener(HttpSpec spec, Server server, org.eclipse.jetty.server.AbstractConnector connector,
                         StreamHub stream) {
        this.spec = spec;
        this.server = server;
        this.connector = connector;
        this.stream = stream;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException when the address or socket path cannot be bound
     */
    public static HttpListener start(HttpSpec spec, WebParts parts) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("vigil-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        server.setStopTimeout(2_000);

        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(spec.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setIdleTimeout(spec.idleTimeout().toMillis());
        HttpConnectionFactory factory = new HttpConnectionFactory(http);

        org.eclipse.jetty.server.AbstractConnector connector = switch (spec.listen()) {
            case Endpoint.Tcp tcp -> {
                ServerConnector c = new ServerConnector(server, 1, 1, factory);
                c.setHost(tcp.host());
                c.setPort(tcp.port());
                c.setReuseAddress(true);
                c.setIdleTimeout(spec.idleTimeout().toMillis());
                c.setAcceptQueueSize(128);
                yield c;
            }
            case Endpoint.Unix unix -> {
                Files.deleteIfExists(unix.path()); // a stale socket from a daemon that died
                UnixDomainServerConnector c = new UnixDomainServerConnector(server, 1, 1, factory);
                c.setUnixDomainPath(unix.path());
                c.setIdleTimeout(spec.idleTimeout().toMillis());
                c.setAcceptQueueSize(128);
                yield c;
            }
        };
        connector.addBean(new RequestDeadline(server.getScheduler(), spec.idleTimeout()));
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(spec.maxConnections(), server));
        server.setErrorHandler(new JsonErrorHandler());

        MethodCaller caller = MethodCaller.of(parts.methods());
        AccessPolicy access = new AccessPolicy(new TokenFile(spec.tokenFile(parts.stateDir())), spec.readsNeedToken());
        // Heartbeats well inside the idle timeout, so an open dashboard is never closed as idle.
        StreamHub stream = new StreamHub(caller, parts.version(),
                java.time.Duration.ofMillis(Math.min(15_000, Math.max(1_000, spec.idleTimeout().toMillis() / 3))),
                new DaemonFacts(DaemonFacts.procSelf(), System::nanoTime, parts.counters()::restartBudgetRemaining,
                        parts.configPath() == null ? null : parts.configPath().toString()));
        Router router = new Router(access,
                new MetricsEndpoint(new VigilCollector(parts.snapshots(), parts.counters(), parts.version(),
                        spec.probeHistogram())),
                new HealthEndpoints(parts, caller.mapper()), new ApiEndpoints(caller), new StreamEndpoint(stream),
                new DashboardFiles());
        server.setHandler(sizeLimited(spec.maxBodyBytes(), router));
        try {
            server.start();
        } catch (Exception e) {
            stream.close();
            stopQuietly(server);
            throw new IOException("cannot listen on " + spec.listen() + ": " + describe(e), e);
        }
        if (spec.listen() instanceof Endpoint.Unix unix) {
            Files.setPosixFilePermissions(unix.path(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        return new HttpListener(spec, server, connector, stream);
    }

    private static SizeLimitHandler sizeLimited(long maxBodyBytes, Router router) {
        SizeLimitHandler limit = new SizeLimitHandler(maxBodyBytes, -1);
        limit.setHandler(router);
        return limit;
    }

    public HttpSpec spec() {
        return spec;
    }

    /** The TCP port actually bound (useful with port 0), or -1 on a Unix socket. */
    public int port() {
        return connector instanceof ServerConnector c ? c.getLocalPort() : -1;
    }

    /** The address to tell people, e.g. {@code http://127.0.0.1:9810} or {@code unix:/run/vigil/http.sock}. */
    public String url() {
        return switch (spec.listen()) {
            case Endpoint.Tcp tcp -> "http://" + new Endpoint.Tcp(tcp.host(), port());
            case Endpoint.Unix unix -> unix.toString();
        };
    }

    @Override
    public void close() {
        stream.close();
        stopQuietly(server);
        if (spec.listen() instanceof Endpoint.Unix unix) {
            try {
                Files.deleteIfExists(unix.path());
            } catch (IOException e) {
                // Left behind; the next start replaces it.
            }
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping a listener that failed to start; nothing more to do.
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

}
