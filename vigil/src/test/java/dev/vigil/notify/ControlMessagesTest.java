package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** cmsghdr walking on hand-built control buffers, laid out as the kernel writes them on LP64. */
class ControlMessagesTest {

    /** Writes one cmsghdr at {@code offset} and returns the offset of the next (CMSG_ALIGN 8). */
    private static long put(MemorySegment control, long offset, int type, int... data) {
        long length = ControlMessages.HEADER_SIZE + 4L * data.length;
        control.set(ValueLayout.JAVA_LONG, offset, length);
        control.set(ValueLayout.JAVA_INT, offset + 8, Libc.SOL_SOCKET);
        control.set(ValueLayout.JAVA_INT, offset + 12, type);
        for (int i = 0; i < data.length; i++) {
            control.set(ValueLayout.JAVA_INT, offset + 16 + 4L * i, data[i]);
        }
        return offset + ControlMessages.align(length);
    }

    @Test
    void credentialsThenRightsWithAlignmentPadding() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment control = arena.allocate(ControlMessages.BUFFER_SIZE, 8);
            long end = put(control, 0, Libc.SCM_CREDENTIALS, 4242, 1000, 1000); // 28 bytes, padded to 32
            end = put(control, end, Libc.SCM_RIGHTS, 7, 8, 9);
            assertThat(ControlMessages.parse(control, end)).isEqualTo(new ControlMessages(4242, 1000, List.of(7, 8, 9)));
        }
    }

    @Test
    void rightsBeforeCredentialsAndAnOddDescriptorCount() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment control = arena.allocate(ControlMessages.BUFFER_SIZE, 8);
            long end = put(control, 0, Libc.SCM_RIGHTS, 11); // 20 bytes, padded to 24
            end = put(control, end, Libc.SCM_CREDENTIALS, 77, 0, 0);
            assertThat(ControlMessages.parse(control, end)).isEqualTo(new ControlMessages(77, 0, List.of(11)));
        }
    }

    @Test
    void nothingAtAllMeansNoCredentials() {
        try (Arena arena = Arena.ofConfined()) {
            ControlMessages none = ControlMessages.parse(arena.allocate(64, 8), 0);
            assertThat(none).isEqualTo(new ControlMessages(0, -1, List.of()));
            assertThat(none.hasCredentials()).isFalse();
        }
    }

    @Test
    void aLengthPastTheEndStopsTheWalkButKeepsWhatCameBefore() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment control = arena.allocate(128, 8);
            long end = put(control, 0, Libc.SCM_RIGHTS, 5);
            put(control, end, Libc.SCM_CREDENTIALS, 1, 2, 3);
            control.set(ValueLayout.JAVA_LONG, end, 4096);
            assertThat(ControlMessages.parse(control, end + 32)).isEqualTo(new ControlMessages(0, -1, List.of(5)));
        }
    }

    @Test
    void aLengthShorterThanTheHeaderStopsTheWalk() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment control = arena.allocate(64, 8);
            control.set(ValueLayout.JAVA_LONG, 0, 3);
            assertThat(ControlMessages.parse(control, 64).descriptors()).isEmpty();
        }
    }

    @Test
    void theBufferHoldsCredentialsAndTheKernelsMaximumOfDescriptors() {
        assertThat(ControlMessages.BUFFER_SIZE).isEqualTo(32 + 16 + 4 * 253 + 4);
    }
}
