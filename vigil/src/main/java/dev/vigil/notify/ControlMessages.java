package dev.vigil.notify;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * What the ancillary data of one received datagram carried: the sender's credentials
 * (SCM_CREDENTIALS) and any descriptors it passed (SCM_RIGHTS), parsed from the control buffer
 * that recvmsg(2) filled.
 *
 * <p>Layout on LP64 Linux: each {@code struct cmsghdr} is {@code size_t cmsg_len; int cmsg_level;
 * int cmsg_type;} (16 bytes) followed by its data; {@code cmsg_len} counts header plus data, and
 * the next header starts at {@code cmsg_len} rounded up to 8 (CMSG_ALIGN).
 *
 * @param pid         the sender's pid, or 0 when no credentials came
 * @param uid         the sender's uid, or -1 when no credentials came
 * @param descriptors descriptors now open in this process, which the caller must close
 */
record ControlMessages(long pid, int uid, List<Integer> descriptors) {

    static final int HEADER_SIZE = 16;
    private static final int UCRED_SIZE = 12;
    /** SCM_MAX_FD: the kernel passes at most this many descriptors in one message. */
    private static final int MAX_DESCRIPTORS = 253;
    /** Room for one SCM_CREDENTIALS and the largest SCM_RIGHTS the kernel can send, aligned. */
    static final int BUFFER_SIZE = align(HEADER_SIZE + UCRED_SIZE) + align(HEADER_SIZE + 4 * MAX_DESCRIPTORS);

    ControlMessages {
        descriptors = List.copyOf(descriptors);
    }

    boolean hasCredentials() {
        return pid > 0;
    }

    /**
     * Parses the first {@code length} bytes of {@code control} (the msg_controllen the kernel
     * returned). Malformed headers end the walk; what was parsed until then is kept, so
     * descriptors already seen are still closed.
     */
    static ControlMessages parse(MemorySegment control, long length) {
        long pid = 0;
        int uid = -1;
        List<Integer> fds = new ArrayList<>();
        long end = Math.min(length, control.byteSize());
        long offset = 0;
        while (offset + HEADER_SIZE <= end) {
            long cmsgLen = control.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
            if (cmsgLen < HEADER_SIZE || offset + cmsgLen > end) {
                break;
            }
            int level = control.get(ValueLayout.JAVA_INT_UNALIGNED, offset + 8);
            int type = control.get(ValueLayout.JAVA_INT_UNALIGNED, offset + 12);
            long data = offset + HEADER_SIZE;
            long dataLength = cmsgLen - HEADER_SIZE;
            if (level == Libc.SOL_SOCKET && type == Libc.SCM_RIGHTS) {
                for (long i = 0; i < dataLength / 4; i++) {
                    fds.add(control.get(ValueLayout.JAVA_INT_UNALIGNED, data + 4 * i));
                }
            } else if (level == Libc.SOL_SOCKET && type == Libc.SCM_CREDENTIALS && dataLength >= UCRED_SIZE) {
                pid = Integer.toUnsignedLong(control.get(ValueLayout.JAVA_INT_UNALIGNED, data));
                uid = control.get(ValueLayout.JAVA_INT_UNALIGNED, data + 4);
            }
            offset += align(cmsgLen);
        }
        return new ControlMessages(pid, uid, fds);
    }

    static int align(long length) {
        return (int) ((length + 7) & ~7L);
    }
}
