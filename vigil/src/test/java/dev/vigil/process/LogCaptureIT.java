package dev.vigil.process;

import static dev.vigil.process.Launches.fixture;
import static dev.vigil.process.Launches.sh;
import static dev.vigil.process.Launches.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.LogSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output of real processes into rotating log files and the tail: complete, ordered, never torn. */
class LogCaptureIT {
    private static final Pattern RECORD = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z (out|err) (.*)");
    @TempDir
    Path logs;
    private Launches launches;

    @BeforeEach
    void setUp() {
        launches = new Launches(new NativeProcessLauncher(), logs);
    }

    @AfterEach
    void tearDown() {
        launches.close();
    }

    @Test
    void aBurstOfTwoMillionLinesArrivesCompleteAndInOrder() throws Exception {
        int lines = 2_000_000;
        int stderrEvery = 1000;
        LogSpec limits = new LogSpec(16L * 1024 * 1024, 20, 100);
        RunningProcess p = launches.start(spec("flood", limits,
                fixture("log-flood", Integer.toString(lines), "--stderr-every", Integer.toString(stderrEvery))));

        assertThat(p.exit().get(300, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(0));

        List<Path> files = filesOldestFirst("flood", limits.backups());
        assertThat(files.size()).as("rotated at least once").isGreaterThan(1);
        long nextOut = 1;
        long nextErr = stderrEvery;
        for (Path file : files) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String record = reader.readLine(); record != null; record = reader.readLine()) {
                    Matcher m = RECORD.matcher(record);
                    assertThat(m.matches()).as("well-formed record in %s: %s", file, record).isTrue();
                    if (m.group(1).equals("out")) {
                        assertThat(m.group(2)).isEqualTo("line " + nextOut);
                        nextOut++;
                    } else {
                        assertThat(m.group(2)).isEqualTo("err " + nextErr);
                        nextErr += stderrEvery;
                    }
                }
            }
        }
        assertThat(nextOut - 1).isEqualTo(lines);
        assertThat(nextErr - stderrEvery).isEqualTo(lines);
        assertThat(p.tail(100).stream().filter(l -> l.stream() == LogLine.Stream.STDOUT).map(LogLine::text).toList()).last().isEqualTo("line " + lines);
    }

    @Test
    void rotationKeepsTheConfiguredBackupsEachWithinTheLimit() throws Exception {
        LogSpec limits = new LogSpec(2000, 2, 10);
        RunningProcess p = launches.start(spec("rot", limits,
                sh("i=0; while [ $i -lt 500 ]; do echo \"row $i\"; i=$((i+1)); done")));

        assertThat(p.exit().get(60, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(0));

        assertThat(logs.resolve("rot.log.1")).exists();
        assertThat(logs.resolve("rot.log.2")).exists();
        assertThat(logs.resolve("rot.log.3")).doesNotExist();
        List<String> texts = new ArrayList<>();
        for (Path file : filesOldestFirst("rot", 2)) {
            assertThat(Files.size(file)).isLessThanOrEqualTo(2000);
            for (String record : Files.readAllLines(file)) {
                texts.add(record.substring(record.indexOf(" out ") + 5));
            }
        }
        // The kept files hold one contiguous run that ends with the last row.
        int first = Integer.parseInt(texts.getFirst().substring(4));
        assertThat(first).isPositive();
        for (int i = 0; i < texts.size(); i++) {
            assertThat(texts.get(i)).isEqualTo("row " + (first + i));
        }
        assertThat(texts.getLast()).isEqualTo("row 499");
    }

    @Test
    void tailKeepsTheLastLinesAndAPartialFinalLine() throws Exception {
        LogSpec limits = new LogSpec(1024 * 1024, 1, 5);
        RunningProcess p = launches.start(spec("tail", limits,
                sh("i=1; while [ $i -le 20 ]; do echo \"n $i\"; i=$((i+1)); done; printf 'oops' >&2; printf 'no newline'")));

        p.exit().get(60, TimeUnit.SECONDS);

        // Order holds within a stream; between stdout and stderr it is the order the capture loop read them in.
        assertThat(p.tail(100)).hasSize(5);
        List<String> outTail = p.tail(100).stream().filter(l -> l.stream() == LogLine.Stream.STDOUT).map(LogLine::text).toList();
        List<String> allOut = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            allOut.add("n " + i);
        }
        allOut.add("no newline");
        assertThat(outTail).isNotEmpty().isEqualTo(allOut.subList(allOut.size() - outTail.size(), allOut.size()));
        assertThat(p.tail(2)).hasSize(2);
        List<String> records = Files.readAllLines(logs.resolve("tail.log"));
        assertThat(records).hasSize(22);
        assertThat(records).anyMatch(r -> r.endsWith(" err oops")).anyMatch(r -> r.endsWith(" out no newline"));
    }

    private List<Path> filesOldestFirst(String name, int backups) {
        List<Path> files = new ArrayList<>();
        for (int i = backups; i >= 1; i--) {
            Path backup = logs.resolve(name + ".log." + i);
            if (Files.exists(backup)) {
                files.add(backup);
            }
        }
        files.add(logs.resolve(name + ".log"));
        return files;
    }
}
