package dev.vigil.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real effect of {@link SchedulingPriority}: what /health says each thread obtained is what the
 * kernel shows for that thread id, read by {@code ps} from outside the JVM. With CAP_SYS_NICE (root
 * here) the request is granted; without it, /health must say EACCES/EPERM and the kernel must show
 * the thread unchanged.
 */
class SchedulingPriorityIT {
    private static final Pattern THREAD = Pattern.compile(
            "\\{\"name\":\"(vigil-liveness-[a-z]+)\",\"tid\":(\\d+),\"requested\":\"([^\"]*)\",\"obtained\":\"([^\"]*)\"(?:,\"reason\":\"([^\"]*)\")?}");

    private Liveness liveness;

    @AfterEach
    void close() {
        if (liveness != null) {
            liveness.close();
        }
    }

    record Reported(String name, int tid, String requested, String obtained, String reason) {
    }

    /** What {@code ps} shows for one thread: its nice, class (TS, RR, FF) and real-time priority. */
    record Kernel(String nice, String schedulingClass, String rtPriority) {
    }

    private static List<Reported> reportedThreads(int port) throws IOException {
        String body = RawHttp.get(port, "/health");
        List<Reported> found = new ArrayList<>();
        Matcher m = THREAD.matcher(body.substring(body.indexOf("\"threads\":")));
        while (m.find()) {
            found.add(new Reported(m.group(1), Integer.parseInt(m.group(2)), m.group(3), m.group(4),
                    m.group(5) == null ? "" : m.group(5)));
        }
        return found;
    }

    private static List<Reported> awaitBothThreads(int port) {
        List<List<Reported>> seen = new ArrayList<>(List.of(List.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            seen.set(0, reportedThreads(port));
            return seen.get(0).size() == 2;
        });
        return seen.get(0);
    }

    private static Kernel ps(int tid) throws IOException, InterruptedException {
        return ps(ProcessHandle.current().pid(), tid);
    }

    private static Kernel ps(long pid, int tid) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-L", "-o", "tid=,ni=,cls=,rtprio=", "-p", Long.toString(pid))
                .redirectErrorStream(true).start();
        try {
            String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(ps.waitFor(20, TimeUnit.SECONDS)).isTrue();
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 4 && f[0].equals(Integer.toString(tid))) {
                    return new Kernel(f[1], f[2], f[3]);
                }
            }
            throw new AssertionError("thread " + tid + " not in ps output:\n" + out);
        } finally {
            ChildJvm.destroy(ps);
        }
    }

    /** CAP_SYS_NICE (bit 23) in this process's effective capabilities. */
    private static boolean mayRaise() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 23)) != 0;
            }
        }
        return false;
    }

    private Liveness start(SchedulingPriority priority) {
        return Liveness.builder().port(0).bindAddress(InetAddress.getLoopbackAddress())
                .samplingPeriod(Duration.ofMillis(100)).notifier(Notifier.none()).schedulingPriority(priority).start();
    }

    @Test
    void aNiceRequestIsWhatTheKernelShowsForEachLibraryThread() throws Exception {
        liveness = start(SchedulingPriority.nice(-7));
        List<Reported> threads = awaitBothThreads(liveness.port());
        assertThat(threads).extracting(Reported::name).containsExactlyInAnyOrder("vigil-liveness-listener", "vigil-liveness-watchdog");
        boolean privileged = mayRaise();
        for (Reported t : threads) {
            Kernel kernel = ps(t.tid());
            assertThat(t.requested()).isEqualTo("nice -7");
            assertThat(kernel.schedulingClass()).isEqualTo("TS");
            assertThat(t.obtained()).isEqualTo("nice " + kernel.nice());
            if (privileged) {
                assertThat(kernel.nice()).as(t.name()).isEqualTo("-7");
                assertThat(t.reason()).isEmpty();
            } else {
                assertThat(t.reason()).contains("EACCES");
            }
        }
        // Only the two library threads were changed, not the process: this test thread is untouched.
        assertThat(Files.readString(Path.of("/proc/thread-self/stat"))).isNotNull();
        assertThat(LinuxScheduler.parseStat(Files.readString(Path.of("/proc/thread-self/stat"))).nice()).isZero();
    }

    @Test
    void aRealtimeRequestIsWhatTheKernelShowsOrFallsBackWithTheReason() throws Exception {
        liveness = start(SchedulingPriority.realtime(SchedulingPriority.RealtimePolicy.RR, 3, -4));
        boolean privileged = mayRaise();
        for (Reported t : awaitBothThreads(liveness.port())) {
            Kernel kernel = ps(t.tid());
            assertThat(t.requested()).isEqualTo("SCHED_RR 3 (else nice -4)");
            if (privileged) {
                assertThat(kernel).as(t.name()).isEqualTo(new Kernel("-", "RR", "3"));
                assertThat(t.obtained()).isEqualTo("SCHED_RR 3");
            } else {
                assertThat(kernel.schedulingClass()).isEqualTo("TS");
                assertThat(t.reason()).contains("EPERM").contains("falling back to nice -4");
            }
        }
    }

    @Test
    void anUnprivilegedProcessIsRefusedAndSaysSoWhileTheKernelShowsTheThreadsUnchanged() throws Exception {
        assumeTrue(mayRaise(), "needs root to start the child as an unprivileged user");
        ProcessBuilder child = ChildJvm.of(PrioritizedService.class, "-7");
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all"));
        command.addAll(child.command());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("health-port=")) {
                // the refusal's warning comes first, on the merged stream
            }
            assertThat(line).as("child output").isNotNull();
            int port = Integer.parseInt(line.substring("health-port=".length()));
            for (Reported t : awaitBothThreads(port)) {
                assertThat(t.reason()).as(t.name()).contains("setpriority(nice -7): EACCES").contains("RLIMIT_NICE >= 27");
                assertThat(t.obtained()).isEqualTo("nice 0");
                Kernel kernel = ps(process.pid(), t.tid());
                assertThat(kernel.nice()).isEqualTo("0");
            }
        } finally {
            ChildJvm.destroy(process);
        }
    }

    @Test
    void theDefaultLeavesTheThreadsAsTheyWere() throws Exception {
        liveness = start(SchedulingPriority.unchanged());
        for (Reported t : awaitBothThreads(liveness.port())) {
            assertThat(t.requested()).isEqualTo("unchanged");
            assertThat(t.reason()).isEmpty();
            Kernel kernel = ps(t.tid());
            assertThat(kernel.schedulingClass()).isEqualTo("TS");
            assertThat(t.obtained()).isEqualTo("nice " + kernel.nice());
        }
    }
}
