package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.NotifyAccess;
import dev.vigil.notify.NotifyAccessCheck.Verdict;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class NotifyAccessCheckTest {

    private static final long MAIN = 100;
    private static final long GROUP = 100;

    private static Verdict check(NotifyAccess access, long announced, long sender, OptionalLong senderGroup) {
        return NotifyAccessCheck.check(access, MAIN, announced, GROUP, sender, senderGroup);
    }

    @Test
    void mainPidIsAcceptedUnderBothEvenWhenItsGroupIsUnknown() {
        for (NotifyAccess access : NotifyAccess.values()) {
            assertThat(check(access, 0, MAIN, OptionalLong.empty())).isEqualTo(new Verdict.Accepted());
        }
    }

    @Test
    void announcedPidIsAcceptedUnderBoth() {
        for (NotifyAccess access : NotifyAccess.values()) {
            assertThat(check(access, 555, 555, OptionalLong.of(555))).isEqualTo(new Verdict.Accepted());
        }
    }

    @Test
    void underMainAnyOtherPidIsDeniedEvenInTheGroup() {
        assertThat(check(NotifyAccess.MAIN, 0, 101, OptionalLong.of(GROUP)))
                .isEqualTo(new Verdict.Denied("notify_access=main: sender pid 101 is not the main pid 100"));
        assertThat(check(NotifyAccess.MAIN, 555, 101, OptionalLong.of(GROUP)))
                .isEqualTo(new Verdict.Denied("notify_access=main: sender pid 101 is not the main pid 100 or 555"));
    }

    @Test
    void underAllTheGroupDecides() {
        assertThat(check(NotifyAccess.ALL, 0, 101, OptionalLong.of(GROUP))).isEqualTo(new Verdict.Accepted());
        assertThat(check(NotifyAccess.ALL, 0, 101, OptionalLong.of(7)))
                .isEqualTo(new Verdict.Denied("notify_access=all: sender pid 101 is in process group 7, not 100"));
        assertThat(check(NotifyAccess.ALL, 0, 101, OptionalLong.empty())).isEqualTo(new Verdict.Denied(
                "notify_access=all: sender pid 101 exited before its process group could be read"));
    }

    @Test
    void noCredentialsIsDeniedUnderBoth() {
        for (NotifyAccess access : NotifyAccess.values()) {
            assertThat(check(access, 0, 0, OptionalLong.of(GROUP))).isEqualTo(new Verdict.Denied("no sender credentials"));
        }
    }
}
