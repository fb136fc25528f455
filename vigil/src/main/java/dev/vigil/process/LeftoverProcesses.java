package dev.vigil.process;

import dev.vigil.config.UnixSignal;
import dev.vigil.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stops what an earlier daemon left running (it was SIGKILLed and could not stop its services),
 * before this daemon starts anything: never a duplicate instance, never an orphan.
 *
 * <p><b>Stop, not adopt.</b> A process this daemon did not start is not its child: it cannot
 * learn its exit status (only the parent can wait for it) and cannot read its output (the pipes
 * died with the earlier daemon, so the process may even block or die on its next write). Adopting
 * it would mean supervising it blind; stopping it and starting afresh costs one restart.
 *
 * <p>For each record: the leader is taken to be that very process only if its pid is alive with
 * the recorded start time AND its environment carries the recorded instance token; then its group
 * gets the recorded stop signal. All verified leaders are stopped in parallel: wait up to each
 * one's stop timeout, SIGKILL the groups still alive. Finally every process carrying any of the
 * tokens is SIGKILLed (escaped descendants, or group members whose leader had already died). A pid
 * or group that does not carry the token is never signalled.
 */
public final class LeftoverProcesses {
    private static final int MAX_SWEEPS = 20;

    private final ProcessInspector inspector;
    private final ProcPoll poll;
    private final TokenSweep sweep;

    /** Reads {@code inspector}'s /proc and counts stop timeouts on {@code ticker}, sleeping between looks. */
    public LeftoverProcesses(ProcessInspector inspector, Ticker ticker) {
        this(inspector, ProcPoll.sleeping(ticker));
    }

    LeftoverProcesses(ProcessInspector inspector, ProcPoll poll) {
        this.inspector = inspector;
        this.poll = poll;
        this.sweep = new TokenSweep(inspector, poll);
    }

    /** What became of one leftover. {@code strays} counts token carriers killed by the final sweep. */
    public sealed interface Outcome {
        LaunchRecord record();

        int strays();

        /** The leader was no longer running (or its pid now belongs to another process). */
        record Gone(LaunchRecord record, int strays) implements Outcome {
        }

        /** The leader exited within its stop timeout after the stop signal. */
        record Stopped(LaunchRecord record, int strays) implements Outcome {
        }

        /** The leader outlived its stop timeout; its group was SIGKILLed. */
        record Killed(LaunchRecord record, int strays) implements Outcome {
        }
    }

    /**
     * Stops every leftover; returns when all of them (and everything carrying their tokens) are
     * gone. Takes at most the longest stop timeout plus a few seconds.
     */
    public List<Outcome> stopAll(List<LaunchRecord> leftovers) {
        List<LaunchRecord> running = new ArrayList<>();
        for (LaunchRecord record : leftovers) {
            if (isThatProcess(record)) {
                Signals.sendToGroup(record.pgid(), record.stopSignal().number());
                running.add(record);
            }
        }
        Map<LaunchRecord, Boolean> stoppedInTime = awaitExits(running);
        List<Outcome> outcomes = new ArrayList<>();
        for (LaunchRecord record : leftovers) {
            Boolean inTime = stoppedInTime.get(record);
            if (Boolean.FALSE.equals(inTime) && isThatProcess(record)) {
                Signals.sendToGroup(record.pgid(), UnixSignal.KILL.number());
            }
            int strays = sweep.killAll(record.instanceToken(), MAX_SWEEPS);
            outcomes.add(inTime == null ? new Outcome.Gone(record, strays)
                    : inTime ? new Outcome.Stopped(record, strays) : new Outcome.Killed(record, strays));
        }
        return outcomes;
    }

    private boolean isThatProcess(LaunchRecord record) {
        return inspector.stat(record.pid())
                .filter(s -> !s.exited() && s.startTicks() == record.startTicks() && s.pgrp() == record.pgid())
                .isPresent()
                && inspector.hasEnvironmentEntry(record.pid(), NativeProcessLauncher.INSTANCE_VARIABLE, record.instanceToken());
    }

    /**
     * Polls until each leader is gone or a zombie (true), or its own stop timeout has passed (false);
     * interrupted, every leader still waited for is false.
     */
    Map<LaunchRecord, Boolean> awaitExits(List<LaunchRecord> running) {
        Map<LaunchRecord, Boolean> result = new LinkedHashMap<>();
        long start = poll.ticker().nanoTime();
        long longest = running.stream().map(LaunchRecord::stopTimeout).max(Duration::compareTo).orElse(Duration.ZERO).toNanos();
        List<LaunchRecord> waiting = new ArrayList<>(running);
        poll.until(() -> {
            long elapsed = poll.ticker().nanoTime() - start;
            for (var it = waiting.iterator(); it.hasNext(); ) {
                LaunchRecord record = it.next();
                if (!inspector.isSameProcess(record.pid(), record.startTicks())) {
                    result.put(record, true);
                    it.remove();
                } else if (elapsed >= record.stopTimeout().toNanos()) {
                    result.put(record, false);
                    it.remove();
                }
            }
            return waiting.isEmpty();
        }, start + longest);
        waiting.forEach(r -> result.put(r, false));
        return result;
    }
}
