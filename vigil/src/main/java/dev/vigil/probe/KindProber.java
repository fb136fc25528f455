package dev.vigil.probe;

import dev.vigil.config.ProbeTarget;
import dev.vigil.files.SearchPath;
import dev.vigil.process.ProcessInspector;
import dev.vigil.process.TaggedProcesses;
import dev.vigil.time.Ticker;
import java.time.Duration;

/** Hands each target to the stateless prober of its kind. */
final class KindProber implements Prober {

    private final Ticker ticker;
    private final SearchPath searchPath;
    private final DeadlineAlarms alarms;
    private final TaggedProcesses tagged;
    private final MemoryGauge memory;

    KindProber(Ticker ticker, SearchPath searchPath, DeadlineAlarms alarms, ProcessInspector inspector,
            MemoryGauge memory) {
        this.ticker = ticker;
        this.searchPath = searchPath;
        this.alarms = alarms;
        this.tagged = new TaggedProcesses(inspector, ticker);
        this.memory = memory;
    }

    @Override
    public ProbeOutcome probe(ProbeTarget target, Duration timeout) {
        return switch (target) {
            case ProbeTarget.Tcp tcp -> TcpProber.probe(tcp, timeout, ticker, alarms);
            case ProbeTarget.Http http -> HttpProber.probe(http, timeout, ticker, alarms);
            case ProbeTarget.JsonRpc jsonRpc -> JsonRpcProber.probe(jsonRpc, timeout, ticker, alarms);
            case ProbeTarget.Exec exec -> ExecProber.probe(exec, timeout, ticker, searchPath, tagged);
            case ProbeTarget.Grpc grpc -> GrpcProber.discovered().probe(grpc, timeout, ticker);
            case ProbeTarget.Memory m -> MemoryProber.probe(m, memory, ticker);
        };
    }
}
