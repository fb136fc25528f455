package dev.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {
    // Fields 7..17 (tty_nr .. cstime), 18 priority, 19 nice, 20 num_threads, 21 itrealvalue, 22 starttime, 23 vsize, ...
    private static final String TAIL = " 0 0 0 0 0 0 0 0 0 0 0 20 0 1 0 987654 12345678 100 18446744073709551615";

    @Test
    void parsesAPlainLine() {
        ProcStat stat = ProcStat.parse("4242 (sleep) S 17 4242 4242" + TAIL);

        assertThat(stat).isEqualTo(new ProcStat(4242, "sleep", 'S', 17, 4242, 4242, 987654));
        assertThat(stat.exited()).isFalse();
    }

    @Test
    void commWithSpacesAndParenthesesDoesNotShiftTheFields() {
        ProcStat stat = ProcStat.parse("7 (a) R 1 (b c) ) D 3 8 9" + TAIL);

        assertThat(stat.comm()).isEqualTo("a) R 1 (b c) ");
        assertThat(stat.state()).isEqualTo('D');
        assertThat(stat.ppid()).isEqualTo(3);
        assertThat(stat.pgrp()).isEqualTo(8);
        assertThat(stat.session()).isEqualTo(9);
        assertThat(stat.startTicks()).isEqualTo(987654);
    }

    @Test
    void zombieCountsAsExited() {
        assertThat(ProcStat.parse("9 (x) Z 1 9 9" + TAIL).exited()).isTrue();
    }

    @Test
    void rejectsTextThatIsNotAStatLine() {
        assertThatThrownBy(() -> ProcStat.parse("hello")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hello");
        assertThatThrownBy(() -> ProcStat.parse("1 (x) S 1 2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need at least 20");
    }

    @Test
    void parsesThisJvmsOwnStat() {
        long self = ProcessHandle.current().pid();
        ProcStat stat = ProcessInspector.system().stat(self).orElseThrow();

        assertThat(stat.pid()).isEqualTo(self);
        assertThat(stat.state()).isIn('R', 'S');
        assertThat(ProcessInspector.system().isSameProcess(self, stat.startTicks())).isTrue();
        assertThat(ProcessInspector.system().isSameProcess(self, stat.startTicks() + 1)).isFalse();
    }
}
