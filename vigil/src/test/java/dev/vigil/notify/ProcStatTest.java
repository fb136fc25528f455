package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void readsTheFifthField() {
        assertThat(ProcStat.processGroupOf("4242 (sleep) S 4200 4100 4100 0 -1 4194304 93 0 0 0"))
                .hasValue(4100);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftFields() {
        assertThat(ProcStat.processGroupOf("17 (my (odd) name) ) R 1 9 9 0")).hasValue(9);
    }

    @Test
    void truncatedOrMalformedLinesGiveNothing() {
        assertThat(ProcStat.processGroupOf("17 (x) R 1")).isEmpty();
        assertThat(ProcStat.processGroupOf("no parenthesis")).isEmpty();
        assertThat(ProcStat.processGroupOf("17 (x) R 1 abc")).isEmpty();
    }

    @Test
    void thisProcessHasAGroupAndAMissingPidHasNone() {
        assertThat(ProcStat.processGroup(ProcessHandle.current().pid())).isPresent();
        assertThat(ProcStat.processGroup(Integer.MAX_VALUE)).isEqualTo(OptionalLong.empty());
    }
}
