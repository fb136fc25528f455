package dev.vigil.notify;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bound AF_UNIX datagram socket with SO_PASSCRED, the receiving end of the notify protocol.
 *
 * <p>Addresses are filesystem paths, or abstract names written with a leading {@code @} (as in
 * NOTIFY_SOCKET). Every descriptor that arrives with a datagram is closed before
 * {@link #receive} returns; they are received with MSG_CMSG_CLOEXEC so that a process spawned
 * meanwhile cannot inherit them.
 *
 * <p>Thread-safety: one thread receives (with its own {@link ReceiveBuffer}); any thread may call
 * {@link #shutdown()}, which makes a blocked {@link #receive} return an end-of-stream
 * {@code Received} (Linux wakes datagram receivers on shutdown(2)). Only the receiving thread
 * should {@link #close()}, after its last receive: closing a descriptor another thread is
 * blocked on would let the number be reused under it.
 */
final class UnixDatagramSocket implements AutoCloseable {
    private final int fd;
    private final String address;
    private final AtomicBoolean shutDown = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private UnixDatagramSocket(int fd, String address) {
        this.fd = fd;
        this.address = address;
    }

    /**
     * Creates the socket, binds it and enables SO_PASSCRED.
     *
     * @param address a path (its directory must exist, the file must not) or {@code @name}
     * @throws IOException naming the failed call and errno, or the address that does not fit sun_path
     */
    static UnixDatagramSocket bind(String address) throws IOException {
        byte[] encoded = encodeAddress(address);
        int fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = arena.allocate(Libc.SUN_PATH_OFFSET + Libc.SUN_PATH_SIZE, 8);
            sockaddr.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_UNIX);
            MemorySegment.copy(encoded, 0, sockaddr, ValueLayout.JAVA_BYTE, Libc.SUN_PATH_OFFSET, encoded.length);
            Libc.bind(fd, sockaddr, Libc.SUN_PATH_OFFSET + encoded.length, address);
            // After bind, as an unbound socket with SO_PASSCRED may be auto-bound by some kernels.
            Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_PASSCRED, 1, "SO_PASSCRED on " + address);
        } catch (IOException | RuntimeException e) {
            closeQuietly(fd, address, e);
            throw e;
        }
        return new UnixDatagramSocket(fd, address);
    }

    /**
     * The bytes of sun_path for {@code address}: a path with its terminating NUL, or a NUL and the
     * abstract name. At most 108 bytes.
     */
    static byte[] encodeAddress(String address) throws IOException {
        boolean abstractName = address.startsWith("@");
        byte[] name = (abstractName ? address.substring(1) : address).getBytes(StandardCharsets.UTF_8);
        byte[] encoded = new byte[name.length + 1];
        System.arraycopy(name, 0, encoded, abstractName ? 1 : 0, name.length);
        if (address.isEmpty() || address.equals("@") || (!abstractName && address.indexOf('\0') >= 0)) {
            throw new IOException("notify socket address '" + address + "': must be a path or @name");
        }
        if (encoded.length > Libc.SUN_PATH_SIZE) {
            throw new IOException("notify socket address '" + address + "' is " + name.length
                    + " bytes; a Unix socket address holds at most " + (Libc.SUN_PATH_SIZE - 1));
        }
        return encoded;
    }

    String address() {
        return address;
    }

    /**
     * Blocks for the next datagram. Returns {@link Received#endOfStream()} after {@link #shutdown()}.
     * Every descriptor passed with the datagram is closed before this returns.
     *
     * @throws IOException when recvmsg fails (other than EINTR, which is retried)
     */
    Received receive(ReceiveBuffer buffer, SenderLookup lookup) throws IOException {
        buffer.reset();
        long length = Libc.recvmsg(fd, buffer.msghdr, Libc.MSG_TRUNC | Libc.MSG_CMSG_CLOEXEC, address);
        int flags = buffer.msghdr.get(ValueLayout.JAVA_INT, Libc.MSG_FLAGS);
        long controlLength = buffer.msghdr.get(ValueLayout.JAVA_LONG, Libc.MSG_CONTROLLEN);
        ControlMessages control = ControlMessages.parse(buffer.control, controlLength);
        // Looked up before the descriptors are closed: closing a BARRIER=1 descriptor releases
        // a sender (systemd-notify) that exits at once, and its /proc entry with it.
        OptionalLong senderGroup = control.hasCredentials() ? lookup.processGroup(control.pid()) : OptionalLong.empty();
        int closedDescriptors = closeAll(control);
        if (length == 0 && shutDown.get()) {
            return Received.endOfStream();
        }
        boolean truncated = (flags & Libc.MSG_TRUNC) != 0 || length > buffer.data.byteSize();
        byte[] payload = buffer.data.asSlice(0, Math.min(length, buffer.data.byteSize())).toArray(ValueLayout.JAVA_BYTE);
        return new Received(payload, length, truncated, control.pid(), control.uid(), senderGroup,
                closedDescriptors, (flags & Libc.MSG_CTRUNC) != 0);
    }

    /** Wakes a blocked receiver; later receives return end-of-stream. Idempotent; never throws. */
    void shutdown() {
        if (shutDown.compareAndSet(false, true)) {
            try {
                Libc.shutdown(fd, address);
            } catch (IOException e) {
                System.getLogger(UnixDatagramSocket.class.getName())
                        .log(System.Logger.Level.WARNING, "could not wake the notify receiver: " + e.getMessage());
            }
        }
    }

    /** Closes the descriptor. Idempotent. Does not remove a socket file. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(fd, address, null);
        }
    }

    private int closeAll(ControlMessages control) {
        int count = 0;
        for (int received : control.descriptors()) {
            closeQuietly(received, "descriptor received on " + address, null);
            count++;
        }
        return count;
    }

    private static void closeQuietly(int fd, String what, Exception primary) {
        try {
            Libc.close(fd, what);
        } catch (IOException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            } else {
                System.getLogger(UnixDatagramSocket.class.getName())
                        .log(System.Logger.Level.WARNING, e.getMessage());
            }
        }
    }

    /** What to learn about a datagram's sender, beyond its credentials, while it is surely alive. */
    @FunctionalInterface
    interface SenderLookup {
        /** Credentials only. */
        SenderLookup NONE = pid -> OptionalLong.empty();

        /** The process group of {@code pid}, or empty when it cannot be told. */
        OptionalLong processGroup(long pid);

        /** Also its process group, from {@code inspector}'s /proc (for notify_access=all). */
        static SenderLookup processGroupIn(dev.vigil.process.ProcessInspector inspector) {
            return pid -> inspector.stat(pid).map(stat -> OptionalLong.of(stat.pgrp())).orElse(OptionalLong.empty());
        }
    }

    /**
     * One datagram as received.
     *
     * @param payload             its bytes, at most the buffer's capacity
     * @param length              its real length (larger than payload when truncated)
     * @param truncated           longer than the buffer
     * @param senderPid           from SCM_CREDENTIALS, 0 if none came
     * @param senderUid           from SCM_CREDENTIALS, -1 if none came
     * @param senderGroup         the sender's process group, if asked for and still readable
     * @param closedDescriptors   how many passed descriptors were closed
     * @param controlTruncated    the kernel discarded ancillary data that did not fit (and closed
     *                            any descriptors in it)
     */
    record Received(byte[] payload, long length, boolean truncated, long senderPid, int senderUid,
                    OptionalLong senderGroup, int closedDescriptors, boolean controlTruncated) {

        static Received endOfStream() {
            return new Received(null, -1, false, 0, -1, OptionalLong.empty(), 0, false);
        }

        boolean isEndOfStream() {
            return payload == null;
        }
    }

    /**
     * The native memory one receiving thread reuses for every recvmsg: the data buffer, the
     * control buffer, the iovec and the msghdr. Confined to the thread that creates it.
     */
    static final class ReceiveBuffer implements AutoCloseable {
        private final Arena arena = Arena.ofConfined();
        private final MemorySegment data;
        private final MemorySegment control;
        private final MemorySegment msghdr;

        ReceiveBuffer(int capacity) {
            data = arena.allocate(capacity, 8);
            control = arena.allocate(ControlMessages.BUFFER_SIZE, 8);
            MemorySegment iovec = arena.allocate(Libc.IOVEC);
            iovec.set(ValueLayout.ADDRESS, 0, data);
            iovec.set(ValueLayout.JAVA_LONG, 8, data.byteSize());
            msghdr = arena.allocate(Libc.MSGHDR);
            msghdr.set(ValueLayout.ADDRESS, Libc.MSGHDR.byteOffset(groupElement("msg_iov")), iovec);
            msghdr.set(ValueLayout.JAVA_LONG, Libc.MSGHDR.byteOffset(groupElement("msg_iovlen")), 1L);
            msghdr.set(ValueLayout.ADDRESS, Libc.MSGHDR.byteOffset(groupElement("msg_control")), control);
        }

        /** The kernel shrinks msg_controllen and sets msg_flags on every call. */
        private void reset() {
            msghdr.set(ValueLayout.JAVA_LONG, Libc.MSG_CONTROLLEN, control.byteSize());
            msghdr.set(ValueLayout.JAVA_INT, Libc.MSG_FLAGS, 0);
            control.fill((byte) 0);
        }

        private static MemoryLayout.PathElement groupElement(String name) {
            return MemoryLayout.PathElement.groupElement(name);
        }

        @Override
        public void close() {
            arena.close();
        }
    }
}
