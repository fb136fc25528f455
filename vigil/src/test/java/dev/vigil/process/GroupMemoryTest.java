package dev.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link GroupMemory} sums, on a /proc and a cgroup written by the test. */
class GroupMemoryTest {

    @TempDir
    Path proc;

    /** A /proc/PID with a stat line (state, pgrp, session) and, unless {@code rssKib} < 0, VmRSS. */
    private void process(long pid, char state, long pgrp, long session, long rssKib) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        StringBuilder stat = new StringBuilder(pid + " (python3) " + state + " 1 " + pgrp + " " + session);
        for (int field = 7; field <= 22; field++) {
            stat.append(' ').append(field == 22 ? 12345 : 0);
        }
        Files.writeString(dir.resolve("stat"), stat + "\n");
        Files.writeString(dir.resolve("status"), "Name:\tpython3\nState:\t" + state + "\n"
                + (rssKib < 0 ? "" : "VmRSS:\t  " + rssKib + " kB\n") + "Threads:\t1\n");
    }

    @Test
    void sumsTheGroupAndTheSessionButNotOthers() throws IOException {
        process(100, 'S', 100, 100, 10_240);       // the leader
        process(101, 'R', 100, 100, 20_480);       // a child in its group
        process(102, 'S', 102, 100, 1_024);        // a child that made its own group, same session
        process(103, 'Z', 100, 100, -1);           // a zombie: no memory
        process(200, 'S', 200, 200, 999_999);      // someone else
        GroupMemory.Reading reading = new GroupMemory(proc).ofGroup(100);
        assertThat(reading.bytes()).isEqualTo((10_240L + 20_480 + 1_024) * 1024);
        assertThat(reading.processes()).isEqualTo(3);
        assertThat(reading.scope()).isEqualTo("group 100, 3 processes");
    }

    @Test
    void aGroupWithNoLiveProcessCannotBeMeasured() throws IOException {
        process(200, 'S', 200, 200, 1_024);
        process(103, 'Z', 100, 100, -1);
        assertThatThrownBy(() -> new GroupMemory(proc).ofGroup(100)).isInstanceOf(IOException.class)
                .hasMessage("no live process is left in group 100");
    }

    @Test
    void aStatLineThatIsNotOneIsSkipped() throws IOException {
        process(100, 'S', 100, 100, 2_048);
        Files.createDirectories(proc.resolve("101"));
        Files.writeString(proc.resolve("101/stat"), "garbage");
        assertThat(new GroupMemory(proc).ofGroup(100).bytes()).isEqualTo(2_048L * 1024);
    }

    @Test
    void aCgroupIsReadFromMemoryCurrent(@TempDir Path cgroups) throws IOException {
        Path dir = Files.createDirectories(cgroups.resolve("vigil.web.web"));
        Files.writeString(dir.resolve("memory.current"), "451936256\n");
        GroupMemory.Reading reading = new GroupMemory(proc).ofCgroup(dir);
        assertThat(reading.bytes()).isEqualTo(451_936_256L);
        assertThat(reading.scope()).isEqualTo("cgroup vigil.web.web");

        Files.writeString(dir.resolve("memory.current"), "max\n");
        assertThatThrownBy(() -> new GroupMemory(proc).ofCgroup(dir)).isInstanceOf(IOException.class)
                .hasMessageEndingWith("memory.current holds \"max\", not a number of bytes");
        assertThatThrownBy(() -> new GroupMemory(proc).ofCgroup(cgroups.resolve("gone"))).isInstanceOf(IOException.class);
    }

    @Test
    void aRealChildInTheSameGroupIsCounted() throws Exception {
        // setsid makes the leader of a new session and group (pid = pgid = sid), as Vigil's launcher does;
        // sh forks one child into that group, then becomes the second process itself.
        Process leader = new ProcessBuilder("setsid", "/bin/sh", "-c", "sleep 30 & exec sleep 30").start();
        try {
            long pgid = leader.pid();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> GroupMemory.system().ofGroup(pgid).processes() == 2);
            GroupMemory.Reading reading = GroupMemory.system().ofGroup(pgid);
            assertThat(reading.scope()).isEqualTo("group " + pgid + ", 2 processes");
            assertThat(reading.bytes()).isGreaterThan(0);
        } finally {
            Signals.sendToGroup(leader.pid(), 9);
            leader.waitFor();
        }
    }
}
