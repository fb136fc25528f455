package dev.vigil.metrics;

import dev.vigil.api.CommandResults;
import dev.vigil.api.ControlHandler;
import dev.vigil.api.EventList;
import dev.vigil.api.EventsQuery;
import dev.vigil.api.LogPage;
import dev.vigil.api.LogsQuery;
import dev.vigil.api.ReloadResult;
import dev.vigil.api.Selection;
import dev.vigil.api.ServiceDetail;
import dev.vigil.api.ServiceList;
import dev.vigil.api.ServiceName;
import java.util.List;

/**
 * The daemon's control handler, telling the {@link ServiceCounters} what an operator is doing so
 * that the restarts it causes are counted as {@code manual} or {@code reload}, and so that the
 * series of services a reload removed disappear. Every transport (the JSON-RPC socket, HTTP,
 * SIGHUP) goes through it. Thread-safe as its delegate.
 */
public final class CountingControl implements ControlHandler {

    private final ControlHandler delegate;
    private final ServiceCounters counters;

    public CountingControl(ControlHandler delegate, ServiceCounters counters) {
        this.delegate = delegate;
        this.counters = counters;
    }

    @Override
    public CommandResults restart(Selection params) {
        List<String> names = params.all() ? java.util.Collections.singletonList(null) : params.names();
        names.forEach(n -> counters.manualRestart(n, true));
        try {
            return delegate.restart(params);
        } finally {
            names.forEach(n -> counters.manualRestart(n, false));
        }
    }

    @Override
    public ReloadResult reload() {
        counters.reloading(true);
        try {
            ReloadResult result = delegate.reload();
            counters.forget(result.removed());
            return result;
        } finally {
            counters.reloading(false);
        }
    }

    @Override
    public ServiceList list() {
        return delegate.list();
    }

    @Override
    public ServiceDetail status(ServiceName params) {
        return delegate.status(params);
    }

    @Override
    public CommandResults start(Selection params) {
        return delegate.start(params);
    }

    @Override
    public CommandResults stop(Selection params) {
        return delegate.stop(params);
    }

    @Override
    public CommandResults reset(Selection params) {
        return delegate.reset(params);
    }

    @Override
    public LogPage logs(LogsQuery params) {
        return delegate.logs(params);
    }

    @Override
    public EventList events(EventsQuery params) {
        return delegate.events(params);
    }

    @Override
    public dev.vigil.api.DependencyGraph graph() {
        return delegate.graph();
    }

    @Override
    public dev.vigil.api.AlertTestResults notifyTest(dev.vigil.api.AlertTestParams params) {
        return delegate.notifyTest(params);
    }

    @Override
    public dev.vigil.api.ProbeRounds probeRounds(dev.vigil.api.ProbeRoundsQuery params) {
        return delegate.probeRounds(params);
    }

    @Override
    public dev.vigil.api.ProbeNowResult probeNow(dev.vigil.api.ProbeNowParams params) {
        return delegate.probeNow(params);
    }
}
