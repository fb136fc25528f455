package dev.vigil.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriorityRaiserTest {
    private static final int TID = 4242;

    /** A kernel that enforces CAP_SYS_NICE, RLIMIT_NICE and RLIMIT_RTPRIO the way Linux does. */
    static final class FakeKernel implements SchedulerCalls {
        final boolean capSysNice;
        final long niceLimit;
        final long rtLimit;
        int policy;
        int rtPriority;
        int nice;
        final List<String> calls = new ArrayList<>();

        FakeKernel(boolean capSysNice, long niceLimit, long rtLimit) {
            this.capSysNice = capSysNice;
            this.niceLimit = niceLimit;
            this.rtLimit = rtLimit;
        }

        @Override
        public int currentTid() {
            return TID;
        }

        @Override
        public int setNice(int tid, int value) {
            calls.add("setNice " + value);
            long limit = niceLimit < 0 ? 40 : niceLimit; // RLIM_INFINITY
            if (value < nice && !capSysNice && value < 20 - limit) {
                return EACCES;
            }
            nice = value;
            return 0;
        }

        @Override
        public int setPolicy(int tid, int requestedPolicy, int priority) {
            calls.add("setPolicy " + requestedPolicy + " " + priority);
            if (!capSysNice && rtLimit >= 0 && priority > rtLimit) {
                return EPERM;
            }
            policy = requestedPolicy;
            rtPriority = priority;
            return 0;
        }

        @Override
        public long niceLimit() {
            return niceLimit;
        }

        @Override
        public long realtimeLimit() {
            return rtLimit;
        }

        @Override
        public Observed observe(int tid) {
            assertThat(tid).isEqualTo(TID);
            return new Observed(policy, rtPriority, nice);
        }
    }

    private static SchedulingOutcome apply(SchedulingPriority request, FakeKernel kernel) {
        return PriorityRaiser.apply("vigil-liveness-listener", request, () -> kernel);
    }

    @Test
    void unchangedMakesNoCallAndReportsWhatTheThreadHas() {
        FakeKernel kernel = new FakeKernel(false, 0, 0);
        kernel.nice = 5;
        SchedulingOutcome outcome = apply(SchedulingPriority.unchanged(), kernel);
        assertThat(kernel.calls).isEmpty();
        assertThat(outcome).isEqualTo(new SchedulingOutcome("vigil-liveness-listener", TID, "unchanged", "nice 5", ""));
    }

    @Test
    void aPrivilegedThreadGetsTheNiceItAsked() {
        FakeKernel kernel = new FakeKernel(true, 0, 0);
        SchedulingOutcome outcome = apply(SchedulingPriority.nice(-10), kernel);
        assertThat(outcome.obtained()).isEqualTo("nice -10");
        assertThat(outcome.requested()).isEqualTo("nice -10");
        assertThat(outcome.reason()).isEmpty();
    }

    @Test
    void anUnprivilegedThreadKeepsItsNiceAndSaysWhy() {
        FakeKernel kernel = new FakeKernel(false, 0, 0);
        SchedulingOutcome outcome = apply(SchedulingPriority.nice(-10), kernel);
        assertThat(outcome.obtained()).isEqualTo("nice 0");
        assertThat(outcome.reason()).contains("setpriority(nice -10): EACCES").contains("needs CAP_SYS_NICE or RLIMIT_NICE >= 30");
        assertThat(kernel.calls).containsExactly("setNice -10");
    }

    @Test
    void rlimitNiceGrantsTheClosestPermittedNice() {
        FakeKernel kernel = new FakeKernel(false, 25, 0); // may go down to 20 - 25 = -5
        SchedulingOutcome outcome = apply(SchedulingPriority.nice(-10), kernel);
        assertThat(outcome.obtained()).isEqualTo("nice -5");
        assertThat(outcome.reason()).contains("EACCES").contains("RLIMIT_NICE permits nice -5");
    }

    @Test
    void rlimitNiceThatPermitsNothingBetterIsNotTried() {
        FakeKernel kernel = new FakeKernel(false, 20, 0); // floor 0, the thread is at 0 already
        apply(SchedulingPriority.nice(-10), kernel);
        assertThat(kernel.calls).containsExactly("setNice -10");
    }

    @Test
    void anInfiniteRlimitIsReadAsNoLimit() {
        FakeKernel kernel = new FakeKernel(false, -1L, -1L); // RLIM_INFINITY
        assertThat(apply(SchedulingPriority.nice(-20), kernel).obtained()).isEqualTo("nice -20");
    }

    @Test
    void aPrivilegedThreadGetsRealtime() {
        FakeKernel kernel = new FakeKernel(true, 0, 0);
        SchedulingOutcome outcome = apply(SchedulingPriority.realtime(SchedulingPriority.RealtimePolicy.RR, 10, -10), kernel);
        assertThat(outcome.obtained()).isEqualTo("SCHED_RR 10");
        assertThat(outcome.requested()).isEqualTo("SCHED_RR 10 (else nice -10)");
        assertThat(outcome.reason()).isEmpty();
        assertThat(kernel.calls).containsExactly("setPolicy 2 10");
    }

    @Test
    void rlimitRtprioGrantsALowerRealtimePriority() {
        FakeKernel kernel = new FakeKernel(false, 0, 5);
        SchedulingOutcome outcome = apply(SchedulingPriority.realtime(SchedulingPriority.RealtimePolicy.FIFO, 10, -10), kernel);
        assertThat(outcome.obtained()).isEqualTo("SCHED_FIFO 5");
        assertThat(outcome.reason()).contains("EPERM").contains("RLIMIT_RTPRIO permits 5");
    }

    @Test
    void refusedRealtimeFallsBackToNiceAndReportsBothRefusals() {
        FakeKernel kernel = new FakeKernel(false, 0, 0);
        SchedulingOutcome outcome = apply(SchedulingPriority.realtime(SchedulingPriority.RealtimePolicy.RR, 10, -10), kernel);
        assertThat(outcome.obtained()).isEqualTo("nice 0");
        assertThat(outcome.reason())
                .contains("sched_setscheduler(SCHED_RR 10): EPERM")
                .contains("falling back to nice -10")
                .contains("setpriority(nice -10): EACCES");
        assertThat(kernel.calls).containsExactly("setPolicy 2 10", "setNice -10");
    }

    @Test
    void withoutNativeAccessTheReasonSaysSoAndNothingThrows() {
        SchedulingOutcome outcome = PriorityRaiser.apply("vigil-liveness-watchdog", SchedulingPriority.nice(-5), () -> {
            throw new IllegalCallerException("native access denied");
        });
        assertThat(outcome).isEqualTo(new SchedulingOutcome("vigil-liveness-watchdog", -1, "nice -5", "unknown", "native access denied"));
    }

    @Test
    void aFailingCallIsReportedNotThrownOnTheThread() {
        SchedulingOutcome outcome = PriorityRaiser.applyToCurrentThread(SchedulingPriority.nice(-5), () -> {
            throw new IllegalStateException("boom");
        });
        assertThat(outcome.obtained()).isEqualTo("unknown");
        assertThat(outcome.reason()).contains("boom");
    }

    @Test
    void requestsOutsideTheKernelsRangesAreRejectedAtConfiguration() {
        assertThatThrownBy(() -> SchedulingPriority.nice(-21)).hasMessageContaining("nice must be -20..19, was -21");
        assertThatThrownBy(() -> SchedulingPriority.realtime(SchedulingPriority.RealtimePolicy.RR, 0, 0))
                .hasMessageContaining("real-time priority must be 1..99, was 0");
    }

    @Test
    void procStatFieldsAreReadAfterTheCommandEvenWithSpacesAndParens() {
        String stat = "4242 (vigil (x) y) S 1 2 3 0 -1 4194368 100 0 0 0 5 6 0 0 -10 -11 40 0 1234 5678 90 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 -1 1 7 2 0 0 0 0 0 0 0 0 0 0 0";
        SchedulerCalls.Observed observed = LinuxScheduler.parseStat(stat);
        assertThat(observed.nice()).isEqualTo(-11);
        assertThat(observed.realtimePriority()).isEqualTo(7);
        assertThat(observed.policy()).isEqualTo(2);
    }
}
